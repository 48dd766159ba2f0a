/**
 * toJSONValue: a lossy projection of a decoded value into plain JSON, for the CLI's `--json` output and for
 * clients in other languages. Unlike the wire format it is meant to be read, not round-tripped, so it favours
 * the obvious JSON shape (a Date is its ISO string, a Set is an array) over faithfulness. Rules: docs/values.md.
 */
import { BOXES, BRANDS, classify, errorFields, MAX_DEPTH, put, viewBytes } from './values-kinds.js';

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Shared references are repeated in the output, so a hostile DAG (a = [b, b], b = [c, c], ...) would expand
 * exponentially. Nodes produced while re-expanding an already-projected object are counted against this budget.
 */
export const MAX_JSON_REPEATED_NODES = 1_000_000;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function scalar(v: number | bigint): number | string | null {
  if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
  return Number.isFinite(v) ? v + 0 : null; // + 0 turns -0 into 0
}

/**
 * Projects a value (typically a decodeValue result) into plain JSON; see docs/values.md for the rules.
 * Throws RangeError beyond MAX_DEPTH nesting or MAX_JSON_REPEATED_NODES of repeated shared references.
 */
export function toJSONValue(value: unknown): JsonValue {
  const ancestors = new Set<object>(); // for "[Circular]": only a path back to an ancestor is a cycle
  const projected = new Set<object>(); // objects already expanded once
  let repeating = 0,
    repeated = 0;
  const count = (n: number) => {
    if (repeating > 0 && (repeated += n) > MAX_JSON_REPEATED_NODES) {
      throw new RangeError(
        `toJSONValue: shared references expand to more than ${MAX_JSON_REPEATED_NODES} nodes`,
      );
    }
  };

  // undefined means "omit" (in objects) / null (in arrays), as JSON.stringify does.
  const project = (v: unknown, depth: number): JsonValue | undefined => {
    count(1);
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
      case 'bigint':
        return scalar(v);
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
      case 'object':
        break;
    }
    if (v === null) return null;
    const o = v;
    if (ancestors.has(o)) return '[Circular]';
    if (depth >= MAX_DEPTH) throw new RangeError(`toJSONValue: nesting deeper than ${MAX_DEPTH}`);
    const again = projected.has(o);
    if (again) repeating++;
    ancestors.add(o);
    try {
      return projectObject(o, depth + 1);
    } finally {
      ancestors.delete(o);
      projected.add(o);
      if (again) repeating--;
    }
  };
  const item = (v: unknown, depth: number): JsonValue => project(v, depth) ?? null;

  const projectObject = (o: object, depth: number): JsonValue | undefined => {
    const kind = classify(o);
    if (BOXES.has(kind)) return project(BRANDS.get(kind)!(o), depth);
    switch (kind) {
      case 'array':
        return Array.from(o as unknown[], (x) => item(x, depth));
      case 'Set':
        return Array.from(Set.prototype.values.call(o as Set<unknown>), (x) => item(x, depth));
      case 'Date': {
        const t = Date.prototype.getTime.call(o as Date);
        return Number.isNaN(t) ? null : new Date(t).toISOString();
      }
      case 'RegExp':
        return RegExp.prototype.toString.call(o);
      case 'Map': {
        const entries = [...Map.prototype.entries.call(o as Map<unknown, unknown>)];
        if (!entries.every(([k]) => typeof k === 'string')) {
          return entries.map(([k, x]) => [item(k, depth), item(x, depth)]);
        }
        const out = {};
        for (const [k, x] of entries) {
          const j = project(x, depth);
          if (j !== undefined) put(out, k as string, j);
        }
        return out;
      }
      case 'Error': {
        const out: { [key: string]: JsonValue } = errorFields(o);
        const cause = Object.hasOwn(o, 'cause')
          ? project((o as { cause?: unknown }).cause, depth)
          : undefined;
        if (cause !== undefined) out.cause = cause;
        return out;
      }
      case 'object':
      default: {
        if (kind === 'ArrayBuffer' || ArrayBuffer.isView(o)) {
          const nums =
            kind === 'ArrayBuffer' || kind === 'DataView'
              ? viewBytes(o as ArrayBuffer | DataView)
              : (o as unknown as ArrayLike<number | bigint>);
          count(nums.length);
          return Array.from(nums, scalar);
        }
        // Plain objects, class instances, and (never produced by decodeValue) uncloneables: own enumerable keys.
        const out = {};
        for (const k of Object.keys(o)) {
          const j = project((o as Record<string, unknown>)[k], depth);
          if (j !== undefined) put(out, k, j);
        }
        return out;
      }
    }
  };

  return item(value, 0);
}
