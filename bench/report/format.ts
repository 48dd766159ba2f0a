/** Numbers as the reports print them. */

/** A duration given in ms, in the unit that keeps 3–4 significant digits. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export const ratio = (value: number, base: number): string => {
  const r = value / base;
  return r < 0.01 ? `${r.toFixed(4)}×` : `${r.toFixed(2)}×`;
};

/** Decimal megabytes (10^6 bytes), the unit the memory target is stated in. */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
