/** decodeValue: the wire form back to a value. Its input is untrusted (see values.ts). */
import { fromBase64 } from './values-base64.js';
import { ValueDecodeError } from './values-errors.js';
import { MAX_DEPTH, TYPED } from './values-kinds.js';
import { HOST_BUILDER, type ValueBuilder } from './values-realm.js';

type Node = { $t: string; id?: number; [k: string]: unknown };

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

  constructor(private readonly build: ValueBuilder) {}

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
    for (const k of Object.keys(src)) this.build.put(out, k, this.decode(src[k], depth + 1));
    return out;
  }

  decode(x: unknown, depth: number): unknown {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' || x === null)
      return x;
    if (Array.isArray(x)) {
      this.enter(depth);
      const out = this.build.array();
      for (let i = 0; i < x.length; i++) this.build.put(out, i, this.decode(x[i], depth + 1));
      return out;
    }
    if (!isRecord(x)) throw bad(`unexpected ${typeof x} in encoded value`);
    if (!Object.hasOwn(x, '$t')) {
      this.enter(depth);
      return this.fill(this.build.object(), x, depth);
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
        return this.fill(this.define(node, this.build.object()), v, depth);
      case 'array': {
        const src = this.array(v, 'array.v'),
          out = this.define(node, this.build.array());
        for (let i = 0; i < src.length; i++) this.build.put(out, i, this.decode(src[i], depth + 1));
        return out;
      }
      case 'Map': {
        const src = this.array(v, 'Map.v'),
          out = this.define(node, this.build.map());
        for (const entry of src) {
          const pair = this.array(entry, 'Map entry');
          if (pair.length !== 2) throw bad('Map entry must be [key, value]');
          const k = this.decode(pair[0], depth + 1);
          this.build.mapSet(out, k, this.decode(pair[1], depth + 1));
        }
        return out;
      }
      case 'Set': {
        const src = this.array(v, 'Set.v'),
          out = this.define(node, this.build.set());
        for (const item of src) this.build.setAdd(out, this.decode(item, depth + 1));
        return out;
      }
      case 'Date':
        if (
          v !== null &&
          !(typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_DATE)
        ) {
          throw bad('Date.v must be a time value or null');
        }
        return this.define(node, this.build.date(v === null ? NaN : v));
      case 'RegExp': {
        const source = str(node, 'source')!,
          flags = str(node, 'flags')!;
        if (!/^[dgimsuvy]*$/.test(flags)) throw bad('invalid RegExp flags');
        let re: object;
        try {
          re = this.build.regexp(source, flags);
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
        const known = this.build.error(name, message);
        const err = this.define(node, known ?? this.build.error('Error', message)!);
        if (known === undefined) this.build.put(err, 'name', name, false);
        if (stack === undefined)
          Reflect.deleteProperty(err, 'stack'); // not the decoder's own stack trace
        else this.build.put(err, 'stack', stack, false);
        if (Object.hasOwn(node, 'cause'))
          this.build.put(err, 'cause', this.decode(node.cause, depth + 1), false);
        return err;
      }
    }
    // Binary kinds (validated above): the byte count must fit the element size.
    const bytes = fromBase64(str(node, 'b')!);
    const size = TYPED.get(tag)?.BYTES_PER_ELEMENT ?? 1;
    if (bytes.length % size !== 0) throw bad(`${tag} byte length is not a multiple of ${size}`);
    return this.define(node, this.build.binary(tag, bytes));
  }
}

/**
 * Decodes the output of encodeValue (after a JSON round trip). The input is untrusted: anything malformed throws
 * ValueDecodeError; keys such as "__proto__" become own data properties; nesting is capped at MAX_DEPTH.
 */
export function decodeValue(encoded: unknown, build: ValueBuilder = HOST_BUILDER): unknown {
  return new Decoder(build).decode(encoded, 0);
}
