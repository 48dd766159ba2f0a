/** The systems side by side: bunker's figures next to each peer's, in one shape. */
import type { ComputeFigures } from '../lib/compute.js';
import { latency, type Latency } from '../lib/stats.js';
import type { BenchResults } from '../results.js';

export interface ComputeSystem {
  name: string;
  /** Undefined when the peer could not run; `reason` says why. */
  compute?: ComputeFigures;
  reason?: string;
}

export interface FreshSystem {
  name: string;
  what: string;
  latency?: Latency;
  reason?: string;
}

export function computeSystems(r: BenchResults): ComputeSystem[] {
  const peer = (outcome: BenchResults['peers']['host'], fallback: string): ComputeSystem =>
    outcome.ok
      ? {
          name: `${outcome.figures.name} ${outcome.figures.version}`,
          compute: outcome.figures.compute,
        }
      : { name: fallback, reason: outcome.reason };
  return [
    peer(r.peers.host, 'Node (host process)'),
    { name: 'bunker (Sandbox#eval)', compute: r.sandbox.compute },
    peer(r.peers.isolatedVm, 'isolated-vm'),
    peer(r.peers.quickjs, 'quickjs-emscripten'),
  ];
}

export function freshPeers(r: BenchResults): FreshSystem[] {
  const peer = (
    outcome: BenchResults['peers']['host'],
    fallback: string,
    what: string,
  ): FreshSystem =>
    outcome.ok && outcome.figures.freshMs
      ? {
          name: `${outcome.figures.name} ${outcome.figures.version}`,
          what,
          latency: latency(outcome.figures.freshMs),
        }
      : { name: fallback, what, reason: outcome.ok ? 'no fresh figures' : outcome.reason };
  return [
    peer(r.peers.isolatedVm, 'isolated-vm', 'new Isolate + context, eval, dispose'),
    peer(r.peers.quickjs, 'quickjs-emscripten', 'new runtime + context, eval, dispose'),
  ];
}

/** Every system must have built the same data and computed the same answers. */
export function inconsistencies(r: BenchResults): string[] {
  const systems = computeSystems(r).filter((s) => s.compute);
  const reference = systems[0];
  if (!reference?.compute) return [];
  const problems: string[] = [];
  for (const system of systems.slice(1)) {
    const { setup, tasks } = system.compute!;
    if (setup !== reference.compute.setup)
      problems.push(`${system.name} built other data: ${String(setup)}`);
    for (const [key, figures] of Object.entries(tasks)) {
      const expected = reference.compute.tasks[key as keyof typeof tasks].value;
      if (figures.value !== expected)
        problems.push(
          `${system.name}: ${key} gave ${String(figures.value)}, expected ${String(expected)}`,
        );
    }
  }
  return problems;
}
