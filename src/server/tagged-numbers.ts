/**
 * The stdio server's `numbers: "tagged"` (docs/protocol.md): a client whose language has NaN,
 * Infinity and -0 (the Ruby gem's mquickjs shim) gets and sends them as the wire format writes
 * them, `{"$t":"number","v":"NaN"}`, and an object of its own that has a `"$t"` key as
 * `{"$t":"object","v":{…}}`. The answer side is toJSONValue's `tagNumbers`.
 */
import { ArgumentError } from '../errors.js';
import { MAX_DEPTH } from '../protocol/values-kinds.js';
import type { Request } from './protocol.js';

const NUMBERS: Record<string, number> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
};

export const tagged = (request: Request): boolean =>
  'numbers' in request && request.numbers === 'tagged';

/** The plain value a client sent with tags; ArgumentError for a tag it cannot hold. */
export function untagNumbers(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw invalid(`nesting deeper than ${MAX_DEPTH}`);
  if (Array.isArray(value)) return value.map((item) => untagNumbers(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (!Object.hasOwn(record, '$t')) return members(record, depth);
  const { $t: tag, v } = record;
  if (Object.keys(record).length !== 2 || !Object.hasOwn(record, 'v'))
    throw invalid('a tagged value has exactly the keys "$t" and "v"');
  if (tag === 'number' && typeof v === 'string' && Object.hasOwn(NUMBERS, v)) return NUMBERS[v];
  if (tag === 'object' && typeof v === 'object' && v !== null && !Array.isArray(v))
    return members(v as Record<string, unknown>, depth);
  throw invalid(`unknown tag ${JSON.stringify(tag)}`);
}

function members(record: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record))
    Object.defineProperty(out, key, {
      value: untagNumbers(record[key], depth + 1),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  return out;
}

const invalid = (why: string) =>
  new ArgumentError(`setVariable: value with numbers "tagged": ${why}`, 'INVALID_ARGUMENT');
