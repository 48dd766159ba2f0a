/** How far past timeoutMs a TimeoutError arrives, on a ready sandbox running `for (;;) {}`. */
import type { Bunker } from '../lib/bunker.js';
import { ascending, quantile } from '../lib/stats.js';

export const TIMEOUT_MS = 200;

export async function timeoutOvershoot({ Sandbox }: Bunker): Promise<{ p50: number; max: number }> {
  const overshoots: number[] = [];
  for (let i = 0; i < 10; i++) {
    const victim = await Sandbox.create({ timeoutMs: TIMEOUT_MS });
    const begin = performance.now();
    await victim.eval('for (;;) {}').catch(() => {});
    overshoots.push(performance.now() - begin - TIMEOUT_MS);
    await victim.dispose();
  }
  const sorted = ascending(overshoots);
  return { p50: quantile(sorted, 0.5), max: quantile(sorted, 1) };
}
