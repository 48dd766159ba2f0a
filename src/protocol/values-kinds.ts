/** How the value codec tells kinds of values apart and reads them; shared by values.ts and values-json.ts. */

export const MAX_DEPTH = 1000;

/**
 * Sets an own data property. Plain assignment is only safe (and it is much faster than defineProperty) for
 * array indices and for names Object.prototype lacks: `out["__proto__"] = v` would set the prototype, and
 * with frozen intrinsics `out.toString = v` would throw. Every holder here is an array or has Object.prototype.
 */
export function put(holder: object, key: string | number, v: unknown, enumerable = true): void {
  const safe = enumerable && (typeof key === 'number' || !(key in Object.prototype));
  if (safe) (holder as Record<string, unknown>)[key] = v;
  else
    Object.defineProperty(holder, key, {
      value: v,
      writable: true,
      enumerable,
      configurable: true,
    });
}

// ---- classification ----------------------------------------------------------------------------------------
// Kinds are decided by internal slots (brand checks), not by `instanceof` or Symbol.toStringTag alone, so
// subclasses, other realms and spoofed tags are handled the way structured clone handles them.

const getter = (proto: object, key: PropertyKey) =>
  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with .call(receiver)
  Object.getOwnPropertyDescriptor(proto, key)!.get! as (this: unknown) => unknown;
const typedArrayName = getter(
  Object.getPrototypeOf(Int8Array.prototype) as object,
  Symbol.toStringTag,
) as (this: unknown) => string | undefined; // the kind's name for any typed array, undefined for everything else
export const rxSource = getter(RegExp.prototype, 'source') as (this: unknown) => string;
export const rxFlags = getter(RegExp.prototype, 'flags') as (this: unknown) => string;
const abLength = getter(ArrayBuffer.prototype, 'byteLength');

/** Each throws a TypeError unless the receiver has the internal slots of that kind (boxes: unboxes). */
export const BRANDS = new Map<string, (o: object) => unknown>([
  ['Date', (o) => Date.prototype.getTime.call(o as Date)],
  ['RegExp', (o) => rxSource.call(o)],
  ['Map', (o) => Map.prototype.has.call(o as Map<unknown, unknown>, 0)],
  ['Set', (o) => Set.prototype.has.call(o as Set<unknown>, 0)],
  ['ArrayBuffer', (o) => abLength.call(o)],
  ['Number', (o) => Number.prototype.valueOf.call(o)],
  ['String', (o) => String.prototype.valueOf.call(o)],
  ['Boolean', (o) => Boolean.prototype.valueOf.call(o)],
  ['BigInt', (o) => BigInt.prototype.valueOf.call(o)],
]);
export const BOXES = new Set(['Number', 'String', 'Boolean', 'BigInt']);
const CTORS: [string, abstract new (...a: never[]) => unknown][] = [
  ['Date', Date],
  ['RegExp', RegExp],
  ['Map', Map],
  ['Set', Set],
  ['ArrayBuffer', ArrayBuffer],
  ['Error', Error],
  ['Promise', Promise],
  ['WeakMap', WeakMap],
  ['WeakSet', WeakSet],
  ['WeakRef', WeakRef],
  ['SharedArrayBuffer', SharedArrayBuffer],
];
// SharedArrayBuffer: sharing memory cannot cross a process boundary, and silently copying would change meaning.
const UNCLONEABLE = new Set([
  'Promise',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'FinalizationRegistry',
  'SharedArrayBuffer',
  'Symbol',
  'Generator',
  'AsyncGenerator',
]);
type ViewCtor = {
  new (b: ArrayBuffer, off: number, len: number): ArrayBufferView;
  BYTES_PER_ELEMENT: number;
};
export const TYPED = new Map<string, ViewCtor>(
  (
    [
      Int8Array,
      Uint8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
      Float64Array,
      BigInt64Array,
      BigUint64Array,
    ] as const
  ).map((C) => [C.name, C]),
);

/**
 * Shared with values-json.ts. Returns 'array' | 'object' | a typed array name | 'DataView' | 'Error' |
 * a BRANDS key | 'uncloneable:<what>'.
 */
export function classify(o: object): string {
  if (Array.isArray(o)) return 'array';
  const ta = typedArrayName.call(o);
  if (ta !== undefined) return TYPED.has(ta) ? ta : `uncloneable:${ta}`; // e.g. Float16Array: Node 20 lacks it
  if (ArrayBuffer.isView(o)) return 'DataView';
  const proto = Object.getPrototypeOf(o) as unknown;
  if (proto === Object.prototype || proto === null) return 'object'; // fast path for the common case
  let tag = Object.prototype.toString.call(o).slice(8, -1);
  if (!BRANDS.has(tag) && tag !== 'Error' && !UNCLONEABLE.has(tag)) {
    tag = CTORS.find(([, C]) => o instanceof C)?.[0] ?? tag; // subclass instances with their own toStringTag
  }
  if (tag === 'Error') return 'Error';
  if (UNCLONEABLE.has(tag) || tag.endsWith(' Iterator')) return `uncloneable:${tag}`;
  const brand = BRANDS.get(tag);
  if (brand === undefined) return 'object'; // class instances: own enumerable keys, as structuredClone does
  try {
    brand(o);
    return tag;
  } catch {
    return 'object'; // a spoofed Symbol.toStringTag on an ordinary object
  }
}

/** Getters run (as structured clone does); anything non-string falls back to a harmless default. */
export function errorFields(o: object): { name: string; message: string; stack?: string } {
  const { name, message, stack } = o as { name?: unknown; message?: unknown; stack?: unknown };
  const out = {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : '',
  };
  return typeof stack === 'string' ? { ...out, stack } : out;
}

/** */
export function viewBytes(v: ArrayBufferView | ArrayBuffer): Uint8Array {
  return ArrayBuffer.isView(v)
    ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
    : new Uint8Array(v);
}
