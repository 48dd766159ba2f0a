/**
 * toJSONValue: a lossy projection of a decoded value into plain JSON, for the CLI's `--json` output and for
 * clients in other languages. Unlike the wire format it is meant to be read, not round-tripped, so it favours
 * the obvious JSON shape (a Date is its ISO string, a Set is an array) over faithfulness. Rules: docs/values.md.
 *
 * Every projection is bounded: it counts the exact UTF-8 bytes `JSON.stringify` will write for it while it
 * builds it, and gives up past MAX_JSON_BYTES. Results keep shared references (one string or object in many
 * places costs the guest nothing), and JSON repeats each of them in full: without a byte budget, 100
 * references to one 8 MiB string would render to 800 MiB.
 */
import { MAX_FRAME_BYTES } from './frames.js';
import { BOXES, BRANDS, classify, errorFields, MAX_DEPTH, put, viewBytes } from './values-kinds.js';

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Shared references are repeated in the output, so a hostile DAG (a = [b, b], b = [c, c], ...) would expand
 * exponentially. Nodes produced while re-expanding an already-projected object are counted against this budget.
 */
export const MAX_JSON_REPEATED_NODES = 1_000_000;

/**
 * Largest JSON rendering of one value, in UTF-8 bytes: the same bound the guest puts on an encoded result
 * (a protocol frame less 1 KiB for the frame around it), so a value is refused at the same size whichever
 * way it is looked at.
 */
export const MAX_JSON_BYTES = MAX_FRAME_BYTES - 1024;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function scalar(v: number | bigint): number | string | null {
  if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
  return Number.isFinite(v) ? v + 0 : null; // + 0 turns -0 into 0
}

/**
 * A lone surrogate has no UTF-8 form: JSON.stringify writes it as a `\ud800` escape, which strict parsers
 * (Ruby's among them) refuse. The rendering carries U+FFFD instead, so every client gets valid UTF-8.
 */
export const wellFormed = (s: string): string =>
  (s as string & { toWellFormed(): string }).toWellFormed();

/** UTF-8 bytes of JSON.stringify(s) for a well-formed string s, quotes included. */
export function jsonStringBytes(s: string): number {
  let bytes = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) bytes += c === 0x22 || c === 0x5c ? 2 : 1;
    else if (c < 0x20) bytes += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c < 0x800) bytes += c === 0x7f ? 1 : 2;
    else if (c >= 0xd800 && c < 0xe000)
      bytes += 2; // half of a pair: 4 bytes per pair
    else bytes += 3;
  }
  return bytes;
}

export interface JsonOptions {
  /**
   * `NaN`, `Infinity`, `-Infinity` and `-0` as the wire format writes them
   * (`{"$t":"number","v":"NaN"}`) instead of `null` and `0`, and an object that has its own `"$t"`
   * key wrapped as `{"$t":"object","v":{…}}`, so that a client tells the two apart (the stdio
   * server's `numbers: "tagged"`, which the Ruby gem's mquickjs shim asks for).
   */
  tagNumbers?: boolean;
}

/** The wire format's name of a number JSON has no form for; undefined for the others. */
export function numberTag(v: number): string | undefined {
  if (Object.is(v, -0)) return '-0';
  return Number.isFinite(v) ? undefined : String(v);
}

/**
 * Projects a value (typically a decodeValue result) into plain JSON; see docs/values.md for the rules.
 * Throws RangeError when the JSON would nest deeper than MAX_DEPTH, take more than `maxBytes` UTF-8 bytes,
 * or repeat shared references more than MAX_JSON_REPEATED_NODES times.
 */
export function toJSONValue(
  value: unknown,
  maxBytes: number = MAX_JSON_BYTES,
  options: JsonOptions = {},
): JsonValue {
  const ancestors = new Set<object>(); // for "[Circular]": only a path back to an ancestor is a cycle
  const projected = new Set<object>(); // objects already expanded once
  let repeating = 0,
    repeated = 0,
    bytes = 0;
  const count = (n: number) => {
    if (repeating > 0 && (repeated += n) > MAX_JSON_REPEATED_NODES) {
      throw new RangeError(
        `the result's shared references expand to more than ${MAX_JSON_REPEATED_NODES} nodes in JSON`,
      );
    }
  };
  const spend = (n: number) => {
    if ((bytes += n) > maxBytes)
      throw new RangeError(`the result takes more than ${maxBytes} bytes as JSON`);
  };
  const text = (s: string): string => {
    const out = wellFormed(s);
    spend(jsonStringBytes(out));
    return out;
  };
  const number = (v: number | bigint): JsonValue => {
    const tag = options.tagNumbers && typeof v === 'number' ? numberTag(v) : undefined;
    if (tag !== undefined) {
      spend(22 + tag.length); // {"$t":"number","v":""}
      return { $t: 'number', v: tag };
    }
    const out = scalar(v);
    spend(typeof out === 'string' ? out.length + 2 : String(out).length);
    return out;
  };
  /** Charges `[]`/`{}` and the commas between `n` members. */
  const container = (n: number) => spend(n === 0 ? 2 : n + 1);
  /** An object member: `"key":` (the value is charged when it is projected). */
  const member = (out: object, key: string, v: JsonValue) => {
    const k = text(key);
    spend(1);
    put(out, k, v);
  };
  const object = (entries: Iterable<[string, unknown]>, depth: number) => {
    const out = {};
    let n = 0;
    for (const [k, x] of entries) {
      const j = project(x, depth);
      if (j === undefined) continue;
      member(out, k, j);
      n++;
    }
    container(n);
    if (!(options.tagNumbers && Object.hasOwn(out, '$t'))) return out;
    spend(20); // {"$t":"object","v":}
    return { $t: 'object', v: out };
  };
  const array = (items: Iterable<unknown>, depth: number): JsonValue[] => {
    const out = Array.from(items, (x) => item(x, depth));
    container(out.length);
    return out;
  };

  // undefined means "omit" (in objects) / null (in arrays), as JSON.stringify does.
  const project = (v: unknown, depth: number): JsonValue | undefined => {
    count(1);
    switch (typeof v) {
      case 'string':
        return text(v);
      case 'boolean':
        spend(v ? 4 : 5);
        return v;
      case 'number':
      case 'bigint':
        return number(v);
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
      case 'object':
        break;
    }
    if (v === null) {
      spend(4);
      return null;
    }
    const o = v;
    if (ancestors.has(o)) return text('[Circular]');
    if (depth >= MAX_DEPTH)
      throw new RangeError(`the result nests deeper than ${MAX_DEPTH} levels as JSON`);
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
  const item = (v: unknown, depth: number): JsonValue => {
    const j = project(v, depth);
    if (j !== undefined) return j;
    spend(4);
    return null;
  };

  const projectObject = (o: object, depth: number): JsonValue | undefined => {
    const kind = classify(o);
    if (BOXES.has(kind)) return project(BRANDS.get(kind)!(o), depth);
    switch (kind) {
      case 'array':
        return array(o as unknown[], depth);
      case 'Set':
        return array(Set.prototype.values.call(o as Set<unknown>), depth);
      case 'Date': {
        const t = Date.prototype.getTime.call(o as Date);
        if (!Number.isNaN(t)) return text(new Date(t).toISOString());
        spend(4);
        return null;
      }
      case 'RegExp':
        return text(RegExp.prototype.toString.call(o));
      case 'Map': {
        const entries = [...Map.prototype.entries.call(o as Map<unknown, unknown>)];
        if (entries.every(([k]) => typeof k === 'string'))
          return object(entries as [string, unknown][], depth);
        // Each [key, value] pair is a level of JSON nesting of its own.
        if (depth >= MAX_DEPTH)
          throw new RangeError(`the result nests deeper than ${MAX_DEPTH} levels as JSON`);
        const pairs = entries.map(([k, x]) => {
          const pair = [item(k, depth + 1), item(x, depth + 1)];
          container(2);
          return pair;
        });
        container(pairs.length);
        return pairs;
      }
      case 'Error': {
        const { name, message, stack } = errorFields(o);
        const fields: [string, unknown][] = [
          ['name', name],
          ['message', message],
        ];
        if (stack !== undefined) fields.push(['stack', stack]);
        if (Object.hasOwn(o, 'cause')) fields.push(['cause', (o as { cause?: unknown }).cause]);
        return object(fields, depth);
      }
      case 'object':
      default: {
        if (kind === 'ArrayBuffer' || ArrayBuffer.isView(o)) {
          const nums =
            kind === 'ArrayBuffer' || kind === 'DataView'
              ? viewBytes(o as ArrayBuffer | DataView)
              : (o as unknown as ArrayLike<number | bigint>);
          count(nums.length);
          const out = Array.from(nums, number);
          container(out.length);
          return out;
        }
        // Plain objects, class instances, and (never produced by decodeValue) uncloneables: own enumerable keys.
        const record = o as Record<string, unknown>;
        return object(
          Object.keys(o).map((k) => [k, record[k]]),
          depth,
        );
      }
    }
  };

  return item(value, 0);
}
