/**
 * The JSON form of an Outcome: what `bunker run --json` prints and what the stdio server answers.
 * The value is projected to plain JSON (docs/values.md); everything else is already JSON.
 */
import { toJSONValue, type JsonValue } from './protocol/values-json.js';
import type { Outcome } from './result.js';

export type JsonOutcome =
  | (Omit<Extract<Outcome, { ok: true }>, 'value'> & { value: JsonValue })
  | Extract<Outcome, { ok: false }>;

export function jsonOutcome(outcome: Outcome): JsonOutcome {
  if (!outcome.ok) return outcome;
  try {
    return { ...outcome, value: toJSONValue(outcome.value) };
  } catch (error) {
    // toJSONValue refuses values that would expand without bound (shared references).
    const message = `RangeError: ${error instanceof Error ? error.message : String(error)}`;
    return {
      ok: false,
      error: { name: 'JavaScriptError', code: 'JAVASCRIPT_ERROR', message },
      console: outcome.console,
      consoleTruncated: outcome.consoleTruncated,
      requests: outcome.requests,
      requestsOmitted: outcome.requestsOmitted,
      stats: outcome.stats,
    };
  }
}
