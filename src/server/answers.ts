/**
 * What the server writes: a ready line first, then one answer per request. An answer is exactly
 * what `bunker run --json` prints (src/json-outcome.ts) plus `v` and the request's `id`.
 */
import { BunkerError, SandboxError } from '../errors.js';
import { jsonOutcome, renderJson } from '../json-outcome.js';
import { resolveOptions } from '../options.js';
import type { JsonOptions, JsonValue } from '../protocol/values-json.js';
import { failure, NO_STATS, type Outcome } from '../result.js';
import { SERVER_PROTOCOL_VERSION, type RequestId } from './protocol.js';

export interface ReadyLine {
  v: typeof SERVER_PROTOCOL_VERSION;
  type: 'ready';
  version: string;
  /** The timeoutMs of a request whose options do not set it: clients bound their wait by it. */
  defaultTimeoutMs: number;
}

export function ready(version: string): ReadyLine {
  const { timeoutMs } = resolveOptions();
  return { v: SERVER_PROTOCOL_VERSION, type: 'ready', version, defaultTimeoutMs: timeoutMs };
}

/** The answer line (without its newline). Never throws: see renderJson. */
export function answerLine(
  id: RequestId | null,
  outcome: Outcome,
  options: JsonOptions = {},
): string {
  return renderJson({ v: SERVER_PROTOCOL_VERSION, id }, jsonOutcome(outcome, options));
}

/** The outcome of an op that ran no script: a value, no console, zero stats. */
export function done(value: JsonValue): Outcome {
  return {
    ok: true,
    value,
    console: '',
    consoleTruncated: false,
    requests: [],
    requestsOmitted: 0,
    stats: NO_STATS,
  };
}

/** A thrown error as an outcome; anything that is not a BunkerError is a server bug. */
export function thrown(error: unknown): Outcome {
  if (error instanceof BunkerError)
    return failure(error, {
      console: error.console,
      consoleTruncated: error.consoleTruncated,
      requests: [...error.requests],
      requestsOmitted: error.requestsOmitted,
    });
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return failure(new SandboxError('SANDBOX_CRASHED', `internal server error: ${detail}`));
}
