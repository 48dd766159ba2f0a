/**
 * What collecting between evals costs and saves (src/host/collect.ts): 100 evals that each build
 * and drop ~4 MB, back to back, on a Sandbox with a 16 MiB limit (it collects) and on one with
 * 1 GiB (it never does: a quarter of the limit is never reached). Rounds alternate between the
 * two so that the machine's load falls on both alike.
 *
 *   node --import tsx bench/garbage-sandbox.ts [ROUNDS]
 *
 * Prints, per limit, the p50/p95 of one eval as the caller sees it (a collection the previous
 * eval asked for included), the total time, and the highest peak memory of any eval, as JSON.
 */
import { Sandbox } from '../src/index.js';
import { latency } from './lib/stats.js';

const GARBAGE =
  "var a = []; for (var i = 0; i < 10000; i++) a.push({id: i, name: 'n' + i}); JSON.parse(JSON.stringify(a)).length";
const rounds = Number(process.argv[2] ?? 3);
const limits = { '16 MiB': 16 * 1024 * 1024, '1 GiB': 1024 * 1024 * 1024 };

const figures = Object.fromEntries(
  Object.keys(limits).map((name) => [name, { evals: [] as number[], totalMs: 0, maxPeak: 0 }]),
);

for (let round = 0; round < rounds; round++) {
  for (const [name, memoryLimit] of Object.entries(limits)) {
    const into = figures[name]!;
    const sandbox = await Sandbox.create({ memoryLimit, pool: false });
    try {
      const began = performance.now();
      for (let i = 0; i < 100; i++) {
        const start = performance.now();
        const result = await sandbox.eval(GARBAGE);
        into.evals.push(performance.now() - start);
        into.maxPeak = Math.max(into.maxPeak, result.stats.peakMemoryBytes);
      }
      into.totalMs += performance.now() - began;
    } finally {
      await sandbox.dispose();
    }
  }
}

const report = Object.fromEntries(
  Object.entries(figures).map(([name, f]) => [
    name,
    {
      eval: latency(f.evals),
      msPer100Evals: f.totalMs / rounds,
      maxPeakMiB: f.maxPeak / (1024 * 1024),
    },
  ]),
);
console.log(JSON.stringify(report, null, 2));
