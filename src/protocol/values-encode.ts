/** encodeValue: a value to its JSON-safe wire form (see values.ts for the format). */
import { toBase64 } from './values-base64.js';
import { ValueEncodeError } from './values-errors.js';
import {
  BOXES,
  BRANDS,
  classify,
  errorFields,
  MAX_DEPTH,
  put,
  rxFlags,
  rxSource,
  viewBytes,
} from './values-kinds.js';

/** Function.prototype.toString, held before any script could replace it. */
const functionText = (fn: unknown): string => Reflect.apply<unknown, [], string>(sourceOf, fn, []);
// eslint-disable-next-line @typescript-eslint/unbound-method -- applied to the function itself
const sourceOf = Function.prototype.toString;
/** As Error.prototype.toString, from the fields already read (no getter of the script runs twice). */
const errorText = ({ name, message }: { name: string; message: string }) =>
  name === '' ? message : message === '' ? name : `${name}: ${message}`;

type Node = { $t: string; id?: number; [k: string]: unknown };
type Seg = string | number | { s: string };

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

export interface EncodeOptions {
  /** Rewrites the `stack` of every Error in the value (the guest strips its runtime's frames). */
  errorStack?: (stack: string) => string;
  /**
   * mquickjs-ruby's conversion (the mquickjs dialect): a function becomes its source text and an
   * Error its `"Name: message"` instead of failing or being copied.
   */
  codeAsText?: boolean;
}

class Encoder {
  private readonly seen = new Map<object, Slot>();
  private lastId = 0;
  private readonly path: Seg[] = [];

  constructor(private readonly options: EncodeOptions) {}

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
        if (this.options.codeAsText) return put(holder, key, functionText(value));
        throw this.fail((w) => `${typeof value} at ${w} could not be cloned`);
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
        const fields = errorFields(obj);
        if (this.options.codeAsText) return put(holder, key, errorText(fields));
        const rewrite = this.options.errorStack;
        if (rewrite && fields.stack !== undefined) fields.stack = rewrite(fields.stack);
        const node: Node = { $t: 'Error', ...fields };
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
export function encodeValue(value: unknown, options: EncodeOptions = {}): unknown {
  const root = { v: undefined as unknown };
  new Encoder(options).write(root, 'v', value, 0);
  return root.v;
}
