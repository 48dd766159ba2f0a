/** The one result shape, for success and failure alike; only the public API turns failure into a throw. */
import type { RequestRecord } from './broker/record.js';
import { errorFromInfo, type BunkerError, type ErrorInfo } from './errors.js';

export interface Stats {
  /** Wall-clock time of the eval, measured by the host, in ms. */
  wallMs: number;
  /** CPU time the guest process used during the eval (10 ms resolution on Linux), in ms. */
  cpuMs: number;
  /** Highest resident memory above the runtime's baseline seen during the eval, in bytes. */
  peakMemoryBytes: number;
  /** Calls the script made to host functions (the `functions` option) that reached one. */
  hostCalls: number;
}

/** What an eval leaves behind besides its value, on success and failure alike. */
export interface Trace {
  console: string;
  consoleTruncated: boolean;
  /** Every fetch the script attempted, allowed or not, in the order they ended. */
  requests: RequestRecord[];
  /**
   * Records left out of `requests` because the eval made more than 1000 attempts that never
   * reached the network (refused, over a limit, unresolved). Requests that were sent are never
   * left out. 0 almost always.
   */
  requestsOmitted: number;
  stats: Stats;
}

export interface Result<T = unknown> extends Trace {
  /** The completion value of the script (a Promise is awaited). */
  value: T;
}

export type Outcome = ({ ok: true } & Result) | ({ ok: false; error: ErrorInfo } & Trace);

export const NO_STATS: Stats = { wallMs: 0, cpuMs: 0, peakMemoryBytes: 0, hostCalls: 0 };

export function failure(error: BunkerError | ErrorInfo, trace: Partial<Trace> = {}): Outcome {
  const info = 'toJSON' in error ? error.toJSON() : error;
  return {
    ok: false,
    error: info,
    console: trace.console ?? '',
    consoleTruncated: trace.consoleTruncated ?? false,
    requests: trace.requests ?? [],
    requestsOmitted: trace.requestsOmitted ?? 0,
    stats: trace.stats ?? NO_STATS,
  };
}

/** Resolves to the Result, or throws the typed error carrying the console output and requests. */
export function settle(outcome: Outcome): Result {
  if (outcome.ok) {
    const { ok: _ok, ...result } = outcome;
    return result;
  }
  throw errorFromInfo(outcome.error, {
    console: outcome.console,
    consoleTruncated: outcome.consoleTruncated,
    requests: outcome.requests,
    requestsOmitted: outcome.requestsOmitted,
  });
}
