/** `run('1+1')`: from the warm pool, paced and back-to-back, and started cold. */
import type { Bunker } from '../lib/bunker.js';
import { quietGuests } from '../lib/guests.js';
import { latency, sample, type Latency } from '../lib/stats.js';

/**
 * One call every PACE_MS: a steady 10 runs/s, slow enough that the pool's background refill
 * (a cold start, ~70 ms) is over before the next call. Faster callers drain the pool: that case
 * is the back-to-back row and the throughput figures.
 */
export const PACE_MS = 100;
const SETTLE_MS = 10_000;

export interface RunLatencies {
  pooled: Latency;
  pooledBackToBack: Latency;
  cold: Latency;
}

export async function runLatencies({ run }: Bunker): Promise<RunLatencies> {
  const once = async (options?: { pool: boolean }) => {
    const { value } = await run('1+1', options);
    if (value !== 2) throw new Error(`run('1+1') gave ${String(value)}`);
  };
  await quietGuests(SETTLE_MS);
  const pooled = latency(await sample(300, once, PACE_MS));
  await quietGuests(SETTLE_MS);
  const pooledBackToBack = latency(await sample(100, once));
  await quietGuests(SETTLE_MS);
  await sample(10, () => once({ pool: false }));
  const cold = latency(await sample(150, () => once({ pool: false })));
  return { pooled, pooledBackToBack, cold };
}
