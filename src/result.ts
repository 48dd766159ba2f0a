/** The one result shape, for success and failure alike; only the public API turns failure into a throw. */
import { errorFromInfo, type BunkerError, type ErrorInfo } from './errors.js';

export interface Stats {
  /** Wall-clock time of the eval, measured by the host, in ms. */
  wallMs: number;
  /** CPU time the guest process used during the eval (10 ms resolution on Linux), in ms. */
  cpuMs: number;
  /** Highest resident memory above the runtime's baseline seen during the eval, in bytes. */
  peakMemoryBytes: number;
}

export interface Result<T = unknown> {
  /** The completion value of the script (a Promise is awaited). */
  value: T;
  console: string;
  consoleTruncated: boolean;
  stats: Stats;
}

export type Outcome =
  | ({ ok: true } & Result)
  | { ok: false; error: ErrorInfo; console: string; consoleTruncated: boolean; stats: Stats };

export const NO_STATS: Stats = { wallMs: 0, cpuMs: 0, peakMemoryBytes: 0 };

export function failure(
  error: BunkerError | ErrorInfo,
  stats: Stats = NO_STATS,
  console = '',
  consoleTruncated = false,
): Outcome {
  const info = 'toJSON' in error ? error.toJSON() : error;
  return { ok: false, error: info, console, consoleTruncated, stats };
}

/** Resolves to the Result, or throws the typed error carrying the console output. */
export function settle(outcome: Outcome): Result {
  if (outcome.ok) {
    const { ok: _ok, ...result } = outcome;
    return result;
  }
  throw errorFromInfo(outcome.error, {
    console: outcome.console,
    consoleTruncated: outcome.consoleTruncated,
  });
}
