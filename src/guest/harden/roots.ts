/**
 * What of Bun's realm a script can obtain: the web classes and objects it is given, and every
 * intrinsic that calling them can produce an instance of (an array from `FormData#getAll`, a
 * promise from `Response#text`, a typed array from `TextEncoder#encode`, an error from `new
 * URL('')`, …). Some intrinsics are reachable only through an instance (iterator prototypes, the
 * generator and async function families): one instance of each is made here so the walk finds them.
 *
 * Namespaces no shared API returns (Math, JSON, Reflect, Atomics, Intl, Temporal, WebAssembly)
 * are not walked: they are reachable only from the realm's global object, which is not shared.
 */

import { TYPED } from '../../protocol/values-kinds.js';

/** ECMAScript constructors and functions a shared API can hand out an instance of. */
const INTRINSICS = [
  Object,
  Function,
  Array,
  Number,
  Boolean,
  String,
  Symbol,
  BigInt,
  Date,
  Promise,
  RegExp,
  Error,
  AggregateError,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
  ArrayBuffer,
  SharedArrayBuffer,
  DataView,
  ...TYPED.values(),
  Map,
  Set,
  WeakMap,
  WeakSet,
  WeakRef,
  FinalizationRegistry,
  (globalThis as { Iterator?: unknown }).Iterator,
];

/** Instances whose prototypes are reachable no other way. */
function witnesses(): unknown[] {
  const globals = globalThis as Record<string, unknown>;
  const optional = ['Float16Array', 'SuppressedError', 'DisposableStack', 'AsyncDisposableStack'];
  return [
    ...optional.map((name) => globals[name]),
    function* () {},
    async function () {},
    async function* () {},
    [].values(),
    new Map().entries(),
    new Set().values(),
    ''[Symbol.iterator](),
    'a'.matchAll(/a/g),
    // Iterator helpers (ES2025) are newer than this file's type library.
    ([].values() as unknown as { map(f: (x: unknown) => unknown): unknown }).map((x) => x),
    (globalThis as unknown as { Iterator: { from(i: object): unknown } }).Iterator.from({
      next: () => ({ done: true, value: undefined }),
    }),
    new Headers().entries(),
    new URLSearchParams().entries(),
    new FormData().entries(),
    new ReadableStream().values(),
    // Its `isTrusted` is an own accessor of every event, one getter shared by all of them.
    new Event('x'),
    // The %ThrowTypeError% accessor and its kin are found through Function.prototype's own
    // accessors by the walk itself.
  ];
}

export function sharedRoots(shared: readonly unknown[]): unknown[] {
  return [...INTRINSICS, ...shared, ...witnesses()];
}
