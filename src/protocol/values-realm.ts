/**
 * Where decodeValue builds its values. By default in the realm the decoder runs in; the guest
 * passes the script's realm, so that what `setVariable` gives a script is of the script's own
 * realm (`value instanceof Array` holds there, and nothing of the runtime's realm is handed over).
 *
 * A script can change its own realm's prototypes between evals: every build step here defines
 * properties and calls methods captured before any script ran, never a plain assignment or a
 * method looked up at decode time, so no setter or replaced method of the script runs.
 */
import { put, TYPED } from './values-kinds.js';

type Ctor = new (...args: never[]) => object;

/** The constructors and methods of one realm, captured before any script of it ran. */
export interface RealmIntrinsics {
  Object: Ctor;
  Array: Ctor;
  Map: Ctor;
  Set: Ctor;
  Date: new (time: number) => object;
  RegExp: new (source: string, flags: string) => object;
  ArrayBuffer: new (length: number) => ArrayBuffer;
  DataView: new (buffer: ArrayBuffer) => object;
  /** Error classes by name: Error, EvalError, RangeError, ReferenceError, SyntaxError, … */
  errors: Record<string, new (message: string) => object>;
  /** Typed array classes by name. */
  typed: Record<string, new (buffer: ArrayBuffer, offset: number, length: number) => object>;
  mapSet: (this: object, key: unknown, value: unknown) => unknown;
  setAdd: (this: object, value: unknown) => unknown;
}

/** How the decoder makes and fills each kind of value. */
export interface ValueBuilder {
  object(): object;
  array(): unknown[];
  /** Sets an own, enumerable data property (enumerable false: name, stack, cause of errors). */
  put(holder: object, key: string | number, value: unknown, enumerable?: boolean): void;
  map(): object;
  mapSet(map: object, key: unknown, value: unknown): void;
  set(): object;
  setAdd(set: object, value: unknown): void;
  date(time: number): object;
  /** Throws as the RegExp constructor does for a bad pattern. */
  regexp(source: string, flags: string): object;
  /** A known error class's instance, or undefined for an unknown name. */
  error(name: string, message: string): object | undefined;
  /** A copy of `bytes` as an ArrayBuffer, a DataView or a typed array of that name. */
  binary(tag: string, bytes: Uint8Array): object;
}

const ERROR_NAMES = [
  'Error',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
];
const HOST_ERRORS = new Map<string, ErrorConstructor>(
  [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError].map((C) => [
    C.name,
    C,
  ]),
);

/** Builds in the decoder's own realm, with plain assignment where it is safe (much faster). */
export const HOST_BUILDER: ValueBuilder = {
  object: () => ({}),
  array: () => [],
  put,
  map: () => new Map(),
  mapSet: (map, key, value) => void (map as Map<unknown, unknown>).set(key, value),
  set: () => new Set(),
  setAdd: (set, value) => void (set as Set<unknown>).add(value),
  date: (time) => new Date(time),
  regexp: (source, flags) => new RegExp(source, flags),
  error: (name, message) => {
    const Ctor = HOST_ERRORS.get(name);
    return Ctor === undefined ? undefined : new Ctor(message);
  },
  binary(tag, bytes) {
    // fromBase64's bytes own a fresh buffer of exactly their length.
    const buffer = bytes.buffer as ArrayBuffer;
    if (tag === 'ArrayBuffer') return buffer;
    if (tag === 'DataView') return new DataView(buffer);
    const Ctor = TYPED.get(tag)!;
    return new Ctor(buffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
  },
};

/** Builds in another realm, through its captured intrinsics only. */
export function realmBuilder(realm: RealmIntrinsics): ValueBuilder {
  const define = (holder: object, key: string | number, value: unknown, enumerable = true) => {
    Reflect.defineProperty(holder, key, { value, writable: true, enumerable, configurable: true });
  };
  const errors = new Map(ERROR_NAMES.map((name) => [name, realm.errors[name]]));
  return {
    object: () => new realm.Object(),
    array: () => new realm.Array() as unknown[],
    put: define,
    map: () => new realm.Map(),
    mapSet: (map, key, value) => void Reflect.apply(realm.mapSet, map, [key, value]),
    set: () => new realm.Set(),
    setAdd: (set, value) => void Reflect.apply(realm.setAdd, set, [value]),
    date: (time) => new realm.Date(time),
    regexp: (source, flags) => new realm.RegExp(source, flags),
    error: (name, message) => {
      const Ctor = errors.get(name);
      return Ctor === undefined ? undefined : new Ctor(message);
    },
    binary(tag, bytes) {
      const buffer = new realm.ArrayBuffer(bytes.length);
      // This realm's Uint8Array over the other realm's buffer: no method of the script's runs.
      new Uint8Array(buffer).set(bytes);
      if (tag === 'ArrayBuffer') return buffer;
      if (tag === 'DataView') return new realm.DataView(buffer);
      const size = TYPED.get(tag)!.BYTES_PER_ELEMENT;
      return new realm.typed[tag]!(buffer, 0, bytes.length / size);
    },
  };
}
