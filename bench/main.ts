/** The benchmark proper (run.ts starts it): sections in a fixed order, then the reports. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimePaths } from '../src/host/runtime-paths.js';
import { loadBunker, ROOT } from './lib/bunker.js';
import { describeMachine } from './lib/machine.js';
import { writeResults } from './lib/results-file.js';
import { latencyChart, computeChart } from './report/charts.js';
import { spliceResults } from './report/benchmarks-md.js';
import { markdownReport } from './report/markdown.js';
import { inconsistencies } from './report/systems.js';
import type { BenchResults } from './results.js';
import { bareSpawn, pipeRoundTrip } from './sections/baselines.js';
import { brokerOverhead } from './sections/broker.js';
import { ceilings } from './sections/ceilings.js';
import { frameStall } from './sections/frame-stall.js';
import { bareBunMemory, idleMemory } from './sections/idle-memory.js';
import { liveSandbox } from './sections/live-sandbox.js';
import { peers } from './sections/peers.js';
import { runLatencies } from './sections/runs.js';
import { throughput } from './sections/throughput.js';
import { timeoutOvershoot } from './sections/timeout-overshoot.js';
import { warmBreakdown } from './sections/warm-breakdown.js';

const progress = (what: string) => process.stderr.write(`bench: ${what}\n`);
const began = performance.now();
const bunker = await loadBunker();
const bun = runtimePaths().bun;
const machine = describeMachine(bun);

// Baselines and peers first, before bunker's pool exists: nothing else of ours is alive.
progress('bare `bun -e 1` spawns, pipe round trips');
const bare = await bareSpawn(bun);
const pipe = await pipeRoundTrip(bun);
const bareMemory = await bareBunMemory(bun);
progress(
  'ceilings: bare Bun starts, the sandbox chain around /bin/true and bun -e 1, all cores busy',
);
const ceiling = await ceilings(bun);
progress('peers: host Node, isolated-vm, quickjs-emscripten (one process each)');
const others = await peers();
progress('bunker: idle pool memory');
const memory = await idleMemory(bunker);
progress("bunker: run('1+1') latency, pooled and cold");
const runs = await runLatencies(bunker);
progress('bunker: where a warm-pool run goes (Sandbox.create, evals, dispose)');
const breakdown = await warmBreakdown(bunker);
progress('bunker: throughput, pooled and cold');
const pooledThroughput = await throughput(bunker, true);
const coldThroughput = await throughput(bunker, false);
progress('bunker: live Sandbox eval latency and compute');
const sandbox = await liveSandbox(bunker);
progress('bunker: timeout overshoot');
const overshoot = await timeoutOvershoot(bunker);
progress('bunker: host event-loop stalls while a guest floods frames (escaped guest)');
const stalls = await frameStall();
progress('bunker: fetch broker overhead per request, against the host calling directly');
const broker = await brokerOverhead(bunker);

const results: BenchResults = {
  date: new Date().toISOString(),
  durationSeconds: (performance.now() - began) / 1000,
  machine,
  bareSpawn: bare,
  pipeRoundTrip: pipe,
  runs,
  warmBreakdown: breakdown,
  throughputPooled: pooledThroughput,
  throughputCold: coldThroughput,
  idleMemory: memory,
  bareBunMemory: bareMemory,
  ceilings: ceiling,
  sandbox,
  timeoutOvershoot: overshoot,
  frameStall: stalls,
  peers: others,
  broker,
};

const here = import.meta.dirname;
await writeResults(join(here, 'results.json'), results);
writeFileSync(join(here, 'latency.svg'), latencyChart(results));
writeFileSync(join(here, 'compute.svg'), computeChart(results));
const markdown = markdownReport(results);
const spliced = spliceResults(join(ROOT, 'BENCHMARKS.md'), markdown);

console.log(markdown);
console.log(
  `\nwrote bench/results.json, bench/latency.svg, bench/compute.svg${spliced ? ', BENCHMARKS.md' : ''}`,
);
if (!spliced) console.warn('bench: BENCHMARKS.md has no results markers; left unchanged');
const problems = inconsistencies(results);
for (const problem of problems) console.error(`bench: inconsistent results: ${problem}`);
if (problems.length > 0) process.exitCode = 1;

// Idle pooled processes must not hold the host; if anything does, say so instead of hanging.
setTimeout(() => {
  console.error('bench: a handle still keeps the process alive 10 s after the report');
  process.exit(process.exitCode ?? 1);
}, 10_000).unref();
