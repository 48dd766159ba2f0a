/**
 * The JSON form of an Outcome: what `bunker run --json` prints and what the stdio server answers.
 * The value is projected to plain JSON (docs/values.md) within MAX_JSON_BYTES; every string is made
 * well-formed (a lone surrogate becomes U+FFFD), so the text is valid UTF-8 for any client.
 */
import type { RequestRecord } from './broker/record.js';
import type { ErrorInfo } from './errors.js';
import {
  toJSONValue,
  wellFormed,
  type JsonOptions,
  type JsonValue,
} from './protocol/values-json.js';
import type { Outcome, Trace } from './result.js';

export type JsonOutcome =
  | (Omit<Extract<Outcome, { ok: true }>, 'value'> & { value: JsonValue })
  | Extract<Outcome, { ok: false }>;

export function jsonOutcome(outcome: Outcome, options: JsonOptions = {}): JsonOutcome {
  const trace: Trace = {
    console: wellFormed(outcome.console),
    consoleTruncated: outcome.consoleTruncated,
    requests: outcome.requests.map(wellFormedRecord),
    requestsOmitted: outcome.requestsOmitted,
    stats: outcome.stats,
  };
  if (!outcome.ok) return { ok: false, error: wellFormedError(outcome.error), ...trace };
  let value: JsonValue;
  try {
    value = toJSONValue(outcome.value, undefined, options);
  } catch (error) {
    // Past the byte, depth or repetition budget: the same error a result too large for a frame gets.
    return { ok: false, error: rangeError(error), ...trace };
  }
  return { ok: true, value, ...trace };
}

/**
 * The JSON text of `{...head, ...outcome}`, never throwing. The value is already bounded; what
 * can still fail is the console (up to `consoleMaxBytes`, 256 MiB, and escaping a control
 * character takes six bytes): then the console, and if need be the requests, are dropped and the
 * outcome becomes that RangeError, so that a request still gets its one answer.
 */
export function renderJson(head: object, outcome: JsonOutcome): string {
  try {
    return JSON.stringify({ ...head, ...outcome });
  } catch (error) {
    const fallback = (requests: RequestRecord[]) =>
      JSON.stringify({
        ...head,
        ok: false,
        error: rangeError(
          error,
          'the answer could not be rendered as JSON; its console was dropped',
        ),
        console: '',
        consoleTruncated: true,
        requests,
        requestsOmitted: outcome.requestsOmitted,
        stats: outcome.stats,
      });
    try {
      return fallback(outcome.requests);
    } catch {
      return fallback([]);
    }
  }
}

function rangeError(error: unknown, what?: string): ErrorInfo {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    name: 'JavaScriptError',
    code: 'JAVASCRIPT_ERROR',
    message: `RangeError: ${what === undefined ? reason : `${what} (${reason})`}`,
  };
}

function wellFormedError(error: ErrorInfo): ErrorInfo {
  const out = { ...error, message: wellFormed(error.message) };
  if (error.stack !== undefined) out.stack = wellFormed(error.stack);
  return out;
}

/** `url` is the guest's raw text when it did not parse. */
function wellFormedRecord(record: RequestRecord): RequestRecord {
  const out = { ...record, method: wellFormed(record.method), url: wellFormed(record.url) };
  if (record.error !== undefined) out.error = wellFormed(record.error);
  return out;
}
