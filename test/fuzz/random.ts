/**
 * The fuzz suites' randomness: one seed, and each case drawn from its own stream (seed, case
 * index), so a failure names both and replays on its own. The default seed is fixed, so every run
 * of the suite tries the same cases; BUNKER_FUZZ_SEED=<n> tries others, BUNKER_FUZZ_CASES=<n>
 * changes how many.
 */

const DEFAULT_SEED = 0x5eedb0c5;

function integerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

export const fuzzSeed = (): number => integerFromEnv('BUNKER_FUZZ_SEED', DEFAULT_SEED) >>> 0;

/** How many random cases a suite draws; `fallback` keeps the default run well under a minute. */
export const fuzzCases = (fallback: number): number =>
  integerFromEnv('BUNKER_FUZZ_CASES', fallback);

/** sfc32: small, fast, and good enough to pick mutations; never for anything secret. */
export class Random {
  private a = 0x9e3779b9;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number, stream = 0) {
    this.b = seed >>> 0;
    this.c = stream >>> 0;
    for (let i = 0; i < 16; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  chance(probability: number): boolean {
    return this.u32() / 2 ** 32 < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}
