/**
 * Value codec for the host <-> guest wire (see docs/values.md for the user-facing table).
 *
 * Semantics follow the structured clone algorithm, but the encoding is JSON: `JSON.stringify(encodeValue(x))`
 * is the wire form. Imported by both the guest (Bun) and the host (Node), so it depends on nothing but the
 * language itself (no node:/bun: modules, no packages). toJSONValue lives in values-json.ts, re-exported below.
 *
 * Wire format: plain JSON data encodes to itself. Everything else is a "tagged node", an object with a `$t` key:
 *   {"$t":"undefined"}                       {"$t":"number","v":"NaN"|"Infinity"|"-Infinity"|"-0"}
 *   {"$t":"bigint","v":"-123"}               {"$t":"Date","v":1700000000000}  (v: null = invalid Date)
 *   {"$t":"RegExp","source":"a+","flags":"g"}
 *   {"$t":"Map","v":[[k,v],...]}             {"$t":"Set","v":[x,...]}
 *   {"$t":"ArrayBuffer"|"Uint8Array"|...|"DataView","b":"<base64 of the bytes>"}
 *   {"$t":"Error","name":"TypeError","message":"...","stack"?:"...","cause"?:x}
 *   {"$t":"object","v":{...}}                a plain object that has its own "$t" key, or that needs an id
 *   {"$t":"array","v":[...]}                 an array that needs an id
 *   {"$t":"ref","id":3}                      the object defined earlier with "id":3
 * Any object-valued tagged node may carry "id" (a positive integer). Ids are only assigned to objects that are
 * actually reached twice, so the common tree-shaped value carries no bookkeeping. A definition always precedes
 * its refs in depth-first order (object keys in JSON order, Map key before value), which is what lets the
 * decoder resolve refs in one pass, including cycles (the container is registered before its children).
 */

import { fromBase64, toBase64 } from './values-base64.js';
import { ValueDecodeError, ValueEncodeError } from './values-errors.js';
import {
  BOXES,
  BRANDS,
  classify,
  errorFields,
  MAX_DEPTH,
  put,
  rxFlags,
  rxSource,
  TYPED,
  viewBytes,
} from './values-kinds.js';

export { MAX_DEPTH } from './values-kinds.js';
export { ValueDecodeError, ValueEncodeError } from './values-errors.js';

type Node = { $t: string; id?: number; [k: string]: unknown };
type Seg = string | number | { s: string };

// ---- encode ------------------------------------------------------------------------------------------------

const IDENT = /^[A-Za-z_$][\w$]*$/;
function renderPath(segs: readonly Seg[]): string {
  const parts = segs.map((s) =>
    typeof s === 'number'
      ? `[${s}]`
      : typeof s === 'string'
        ? IDENT.test(s)
          ? `.${s}`
          : `[${JSON.stringify(s)}]`
        : s.s,
  );
  if (parts.length > 20) parts.splice(8, parts.length - 16, '…'); // depth errors would otherwise be 1000 segments
  return 'value' + parts.join('');
}

interface Slot {
  holder: object;
  key: string | number;
  node: object;
  tagged: boolean;
  id?: number;
}

class Encoder {
  private readonly seen = new Map<object, Slot>();
  private lastId = 0;
  private readonly path: Seg[] = [];

  private fail(message: (where: string) => string): ValueEncodeError {
    const where = renderPath(this.path);
    return new ValueEncodeError(message(where), where);
  }

  private register(
    obj: object,
    holder: object,
    key: string | number,
    node: object,
    tagged: boolean,
  ): void {
    this.seen.set(obj, { holder, key, node, tagged });
    put(holder, key, node);
  }

  private child(
    holder: object,
    key: string | number,
    depth: number,
    seg: Seg,
    value: unknown,
  ): void {
    this.path.push(seg);
    this.write(holder, key, value, depth);
    this.path.pop();
  }

  /** Writes the encoding of `value` into holder[key] *before* descending, so a later ref can rewrap it in place. */
  write(holder: object, key: string | number, value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return put(holder, key, value);
      case 'number':
        if (Number.isFinite(value) && !Object.is(value, -0)) return put(holder, key, value);
        return put(holder, key, { $t: 'number', v: Object.is(value, -0) ? '-0' : String(value) });
      case 'undefined':
        return put(holder, key, { $t: 'undefined' });
      case 'bigint':
        return put(holder, key, { $t: 'bigint', v: value.toString() });
      case 'function':
      case 'symbol':
        throw this.fail((w) => `${typeof value} at ${w} could not be cloned`);
      case 'object':
        break;
    }
    if (value === null) return put(holder, key, null);
    const obj = value;
    const seen = this.seen.get(obj);
    if (seen !== undefined) {
      if (seen.id === undefined) {
        seen.id = ++this.lastId;
        // A plain object/array was written as itself; it must be wrapped now to carry the id.
        const { holder: h, key: k, node, tagged } = seen;
        if (tagged) (node as Node).id = seen.id;
        else put(h, k, { $t: Array.isArray(node) ? 'array' : 'object', id: seen.id, v: node });
      }
      return put(holder, key, { $t: 'ref', id: seen.id });
    }
    const kind = classify(obj);
    if (kind.startsWith('uncloneable:'))
      throw this.fail((w) => `${kind.slice(12)} at ${w} could not be cloned`);
    // Boxed primitives become primitives: their identity is rarely meaningful and JSON has no boxes.
    if (BOXES.has(kind)) return this.write(holder, key, BRANDS.get(kind)!(obj), depth);
    if (depth >= MAX_DEPTH) throw this.fail((w) => `nesting deeper than ${MAX_DEPTH} at ${w}`);
    // (methods rather than closures: this runs once per object and allocation shows up in profiles)
    const d = depth + 1;
    switch (kind) {
      case 'array': {
        const src = obj as unknown[],
          len = src.length,
          out = new Array<unknown>(len);
        this.register(obj, holder, key, out, false);
        for (let i = 0; i < len; i++) this.child(out, i, d, i, src[i]); // holes read as undefined
        return;
      }
      case 'object': {
        const keys = Object.keys(obj),
          out = {},
          escape = keys.includes('$t');
        this.register(obj, holder, key, escape ? { $t: 'object', v: out } : out, escape);
        for (const k of keys) this.child(out, k, d, k, (obj as Record<string, unknown>)[k]);
        return;
      }
      case 'Map': {
        const v: unknown[][] = [];
        this.register(obj, holder, key, { $t: 'Map', v }, true);
        let i = 0;
        for (const [k, val] of [...Map.prototype.entries.call(obj as Map<unknown, unknown>)]) {
          const pair = [null, null];
          v.push(pair);
          this.child(pair, 0, d, { s: `.keys()[${i}]` }, k);
          const label =
            typeof k === 'string'
              ? JSON.stringify(k)
              : k && typeof k === 'object'
                ? `<key ${i}>`
                : `${k}`;
          this.child(pair, 1, d, { s: `.get(${label})` }, val);
          i++;
        }
        return;
      }
      case 'Set': {
        const v: unknown[] = [];
        this.register(obj, holder, key, { $t: 'Set', v }, true);
        let i = 0;
        for (const item of [...Set.prototype.values.call(obj as Set<unknown>)]) {
          this.child(v, i, d, { s: `.values()[${i}]` }, item);
          i++;
        }
        return;
      }
      case 'Date': {
        const t = Date.prototype.getTime.call(obj as Date);
        return this.register(obj, holder, key, { $t: 'Date', v: Number.isNaN(t) ? null : t }, true);
      }
      case 'RegExp': {
        const node = { $t: 'RegExp', source: rxSource.call(obj), flags: rxFlags.call(obj) };
        return this.register(obj, holder, key, node, true);
      }
      case 'Error': {
        const node: Node = { $t: 'Error', ...errorFields(obj) };
        this.register(obj, holder, key, node, true);
        if (Object.hasOwn(obj, 'cause'))
          this.child(node, 'cause', d, { s: '.cause' }, (obj as Error).cause);
        return;
      }
      default: // ArrayBuffer, DataView, typed arrays: a copy of just the viewed bytes (buffer sharing is not kept)
        return this.register(
          obj,
          holder,
          key,
          { $t: kind, b: toBase64(viewBytes(obj as ArrayBufferView)) },
          true,
        );
    }
  }
}

/** Encodes any structured-cloneable value into a JSON-serializable tree. Throws ValueEncodeError otherwise. */
export function encodeValue(value: unknown): unknown {
  const root = { v: undefined as unknown };
  new Encoder().write(root, 'v', value, 0);
  return root.v;
}

// ---- decode (input is untrusted) ---------------------------------------------------------------------------

const ERRORS = new Map<string, ErrorConstructor>(
  [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError].map((C) => [
    C.name,
    C,
  ]),
);
const SPECIAL_NUMBERS = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['-0', -0],
]);
/** The keys each tag allows besides $t. All are required except id, stack and cause. */
const KEYS: Record<string, readonly string[]> = {
  undefined: [],
  number: ['v'],
  bigint: ['v'],
  ref: ['id'],
  object: ['id', 'v'],
  array: ['id', 'v'],
  Map: ['id', 'v'],
  Set: ['id', 'v'],
  Date: ['id', 'v'],
  RegExp: ['id', 'source', 'flags'],
  Error: ['id', 'name', 'message', 'stack', 'cause'],
};
const BINARY_KEYS = ['id', 'b'];
const OPTIONAL = new Set(['id', 'stack', 'cause']);
const MAX_DATE = 8.64e15;

const bad = (msg: string) => new ValueDecodeError(msg);
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' &&
  x !== null &&
  !Array.isArray(x) &&
  (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);
function str(node: Node, key: string, optional = false): string | undefined {
  const v = node[key];
  if (typeof v === 'string' || (optional && !Object.hasOwn(node, key)))
    return v as string | undefined;
  throw bad(`${node.$t}.${key} must be a string`);
}

class Decoder {
  private readonly ids = new Map<number, object>();

  private enter(depth: number): void {
    if (depth >= MAX_DEPTH) throw bad(`nesting deeper than ${MAX_DEPTH}`);
  }

  /** Makes `obj` the target of later refs to node.id. */
  private define<T extends object>(node: Node, obj: T): T {
    if (!Object.hasOwn(node, 'id')) return obj;
    const id = node.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
      throw bad('id must be a positive integer');
    if (this.ids.has(id)) throw bad(`duplicate id ${id}`);
    this.ids.set(id, obj);
    return obj;
  }

  private array(x: unknown, what: string): unknown[] {
    if (!Array.isArray(x)) throw bad(`${what} must be an array`);
    return x;
  }

  private fill(out: object, src: Record<string, unknown>, depth: number): object {
    for (const k of Object.keys(src)) put(out, k, this.decode(src[k], depth + 1));
    return out;
  }

  decode(x: unknown, depth: number): unknown {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' || x === null)
      return x;
    if (Array.isArray(x)) {
      this.enter(depth);
      return x.map((item) => this.decode(item, depth + 1));
    }
    if (!isRecord(x)) throw bad(`unexpected ${typeof x} in encoded value`);
    if (!Object.hasOwn(x, '$t')) {
      this.enter(depth);
      return this.fill({}, x, depth);
    }
    const node = x as Node,
      tag = node.$t;
    // Object.hasOwn, not `in`/indexing: a tag like "constructor" or "__proto__" must not find inherited entries.
    const allowed =
      typeof tag !== 'string'
        ? undefined
        : Object.hasOwn(KEYS, tag)
          ? KEYS[tag]
          : TYPED.has(tag) || tag === 'ArrayBuffer' || tag === 'DataView'
            ? BINARY_KEYS
            : undefined;
    if (allowed === undefined) throw bad(`unknown tag ${JSON.stringify(tag)}`);
    for (const k of Object.keys(node)) {
      if (k !== '$t' && !allowed.includes(k))
        throw bad(`unexpected key ${JSON.stringify(k)} in ${tag}`);
    }
    for (const k of allowed)
      if (!OPTIONAL.has(k) && !Object.hasOwn(node, k)) throw bad(`${tag} is missing ${k}`);
    const v = node.v;
    switch (tag) {
      case 'undefined':
        return undefined;
      case 'number': {
        const n = typeof v === 'string' ? SPECIAL_NUMBERS.get(v) : undefined;
        if (n === undefined) throw bad('number.v must be NaN, Infinity, -Infinity or -0');
        return n;
      }
      case 'bigint':
        if (typeof v !== 'string' || !/^-?(0|[1-9][0-9]*)$/.test(v))
          throw bad('bigint.v must be a decimal integer');
        return BigInt(v);
      case 'ref': {
        const target = typeof node.id === 'number' ? this.ids.get(node.id) : undefined;
        if (target === undefined) throw bad(`ref to unknown id ${JSON.stringify(node.id)}`);
        return target;
      }
    }
    this.enter(depth);
    switch (tag) {
      case 'object':
        if (!isRecord(v)) throw bad('object.v must be an object');
        return this.fill(this.define(node, {}), v, depth);
      case 'array': {
        const src = this.array(v, 'array.v'),
          out = this.define(node, [] as unknown[]);
        for (const item of src) out.push(this.decode(item, depth + 1));
        return out;
      }
      case 'Map': {
        const src = this.array(v, 'Map.v'),
          out = this.define(node, new Map<unknown, unknown>());
        for (const entry of src) {
          const pair = this.array(entry, 'Map entry');
          if (pair.length !== 2) throw bad('Map entry must be [key, value]');
          const k = this.decode(pair[0], depth + 1);
          out.set(k, this.decode(pair[1], depth + 1));
        }
        return out;
      }
      case 'Set': {
        const src = this.array(v, 'Set.v'),
          out = this.define(node, new Set<unknown>());
        for (const item of src) out.add(this.decode(item, depth + 1));
        return out;
      }
      case 'Date':
        if (
          v !== null &&
          !(typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_DATE)
        ) {
          throw bad('Date.v must be a time value or null');
        }
        return this.define(node, new Date(v === null ? NaN : v));
      case 'RegExp': {
        const source = str(node, 'source')!,
          flags = str(node, 'flags')!;
        if (!/^[dgimsuvy]*$/.test(flags)) throw bad('invalid RegExp flags');
        let re: RegExp;
        try {
          re = new RegExp(source, flags);
        } catch (e) {
          throw bad(`invalid RegExp: ${(e as Error).message}`);
        }
        return this.define(node, re);
      }
      case 'Error': {
        const name = str(node, 'name')!,
          message = str(node, 'message')!,
          stack = str(node, 'stack', true);
        // Known names come back as that class; others as Error with an own .name (never a user-chosen prototype).
        const Ctor = ERRORS.get(name) ?? Error;
        const err = this.define(node, new Ctor(message));
        if (Ctor === Error && name !== 'Error') put(err, 'name', name, false);
        if (stack === undefined)
          Reflect.deleteProperty(err, 'stack'); // not the decoder's own stack trace
        else put(err, 'stack', stack, false);
        if (Object.hasOwn(node, 'cause'))
          put(err, 'cause', this.decode(node.cause, depth + 1), false);
        return err;
      }
    }
    // Binary kinds (validated above): the byte count must fit the element size.
    const bytes = fromBase64(str(node, 'b')!);
    if (tag === 'ArrayBuffer') return this.define(node, bytes.buffer);
    if (tag === 'DataView') return this.define(node, new DataView(bytes.buffer));
    const Ctor = TYPED.get(tag)!;
    const size = Ctor.BYTES_PER_ELEMENT;
    if (bytes.length % size !== 0) throw bad(`${tag} byte length is not a multiple of ${size}`);
    return this.define(node, new Ctor(bytes.buffer, 0, bytes.length / size));
  }
}

/**
 * Decodes the output of encodeValue (after a JSON round trip). The input is untrusted: anything malformed throws
 * ValueDecodeError; keys such as "__proto__" become own data properties; nesting is capped at MAX_DEPTH.
 */
export function decodeValue(encoded: unknown): unknown {
  return new Decoder().decode(encoded, 0);
}
