/**
 * Where a warm-pool run's time goes, through the public API: take a pooled process
 * (`Sandbox.create()`), its first eval, a second eval, then `dispose()` (kill and reap).
 * Paced like the pooled `run` row, so the pool is full at every take.
 */
import type { Bunker } from '../lib/bunker.js';
import { quietGuests } from '../lib/guests.js';
import { latency, sleep, type Latency } from '../lib/stats.js';
import { PACE_MS } from './runs.js';

export interface WarmBreakdown {
  create: Latency;
  firstEval: Latency;
  secondEval: Latency;
  dispose: Latency;
}

const SAMPLES = 100;

export async function warmBreakdown({ Sandbox }: Bunker): Promise<WarmBreakdown> {
  const times = {
    create: [] as number[],
    firstEval: [] as number[],
    secondEval: [] as number[],
    dispose: [] as number[],
  };
  await quietGuests(10_000);
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(PACE_MS);
    const t0 = performance.now();
    const sandbox = await Sandbox.create();
    const t1 = performance.now();
    await sandbox.eval('1+1');
    const t2 = performance.now();
    await sandbox.eval('1+1');
    const t3 = performance.now();
    await sandbox.dispose();
    const t4 = performance.now();
    times.create.push(t1 - t0);
    times.firstEval.push(t2 - t1);
    times.secondEval.push(t3 - t2);
    times.dispose.push(t4 - t3);
  }
  return {
    create: latency(times.create),
    firstEval: latency(times.firstEval),
    secondEval: latency(times.secondEval),
    dispose: latency(times.dispose),
  };
}
