/** The two charts of a run: latency per system, compute per system and task. */
import { REPEATS, TASKS } from '../lib/compute.js';
import type { BenchResults } from '../results.js';
import { PACE_MS } from '../sections/runs.js';
import { computeSystems, freshPeers } from './systems.js';
import { barChart, type Bar, type BarKind } from './svg.js';

export function latencyChart(r: BenchResults): string {
  const fresh = (label: string, value: number, kind: BarKind): Bar => ({
    label,
    value,
    kind,
    group: 'A fresh environment, then 1+1',
  });
  const live = (label: string, value: number, kind: BarKind): Bar => ({
    label,
    value,
    kind,
    group: 'A live process, then 1+1',
  });
  const bars: Bar[] = [
    fresh(`bunker run('1+1'), warm pool, 1 call / ${PACE_MS} ms`, r.runs.pooled.p50, 'bunker'),
    fresh("bunker run('1+1'), warm pool, back-to-back", r.runs.pooledBackToBack.p50, 'bunker'),
    fresh("bunker run('1+1', { pool: false })", r.runs.cold.p50, 'bunker'),
    ...freshPeers(r).map((p) => fresh(`${p.name}: ${p.what}`, p.latency?.p50 ?? NaN, 'peer')),
    fresh('bare bun -e 1 spawn', r.bareSpawn.p50, 'baseline'),
    live("bunker Sandbox#eval('1+1')", r.sandbox.eval.p50, 'bunker'),
    live('bare Node → Bun → Node pipe round trip', r.pipeRoundTrip.p50, 'baseline'),
  ];
  return barChart(
    'p50 latency',
    `npm run bench, ${r.date.slice(0, 10)}, ${r.machine.cpus} × ${r.machine.cpuModel}`,
    bars,
  );
}

const kindOf = (name: string): BarKind =>
  name.startsWith('bunker') ? 'bunker' : name.startsWith('Node') ? 'baseline' : 'peer';

export function computeChart(r: BenchResults): string {
  const bars: Bar[] = [];
  for (const task of TASKS) {
    for (const system of computeSystems(r)) {
      if (!system.compute) continue;
      bars.push({
        label: system.name,
        group: task.label,
        value: system.compute.tasks[task.key].medianMs,
        kind: kindOf(system.name),
      });
    }
  }
  return barChart(
    `Compute: median of ${REPEATS} evals`,
    `npm run bench, ${r.date.slice(0, 10)}; the same code in every system, data built inside each by the same seeded script`,
    bars,
  );
}
