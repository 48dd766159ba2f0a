/** Every figure of one benchmark run: what bench/results.json holds and the reports render. */
import type { Machine } from './lib/machine.js';
import type { Latency } from './lib/stats.js';
import type { BrokerFigures } from './sections/broker.js';
import type { Ceilings } from './sections/ceilings.js';
import type { FrameStall } from './sections/frame-stall.js';
import type { BareMemory, IdleMemory } from './sections/idle-memory.js';
import type { LiveSandbox } from './sections/live-sandbox.js';
import type { Peers } from './sections/peers.js';
import type { RunLatencies } from './sections/runs.js';
import type { Throughput } from './sections/throughput.js';
import type { WarmBreakdown } from './sections/warm-breakdown.js';

export interface BenchResults {
  date: string;
  durationSeconds: number;
  machine: Machine;
  bareSpawn: Latency;
  pipeRoundTrip: Latency;
  runs: RunLatencies;
  warmBreakdown: WarmBreakdown;
  throughputPooled: Throughput;
  throughputCold: Throughput;
  idleMemory: IdleMemory;
  bareBunMemory: BareMemory;
  ceilings: Ceilings;
  sandbox: LiveSandbox;
  timeoutOvershoot: { p50: number; max: number };
  /** Absent from runs before it was measured. */
  frameStall?: FrameStall;
  peers: Peers;
  broker: BrokerFigures;
}
