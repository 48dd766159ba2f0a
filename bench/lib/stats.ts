/** Order statistics over timing samples (ms). Every loop that produces samples is bounded. */

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  samples: number;
}

/** The sample at quantile `q` of an ascending list (nearest rank, never interpolated). */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

export const median = (values: readonly number[]): number => quantile(ascending(values), 0.5);

export function latency(values: readonly number[]): Latency {
  const sorted = ascending(values);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    samples: sorted.length,
  };
}

/** Times `count` sequential calls of `once`; `gapMs` of idle time before each call. */
export async function sample(count: number, once: () => unknown, gapMs = 0): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
