/**
 * The realm user code runs in: a fresh node:vm context with only the documented globals, code
 * generation from strings and WebAssembly compilation refused unless allowEval is set. The web
 * classes come from Bun's own realm, which harden/ tames and freezes before any script runs.
 */
import vm from 'node:vm';
import type { InitFrame } from '../protocol/frames.js';
import { realmBuilder, type RealmIntrinsics, type ValueBuilder } from '../protocol/values-realm.js';
import { tameAbortTimeout } from './abort-timeout.js';
import { BOOTSTRAP_SOURCE } from './bootstrap.js';
import { hardenRuntimeRealm, setCodeRealm, type CodeRealm } from './harden/index.js';
import type { SyncResponse } from './sync-fetch.js';
import type { TimerTracker } from './timers.js';

export interface RealmHost {
  console: Record<string, (...args: unknown[]) => void>;
  timers: TimerTracker;
  fetch: (input: unknown, init: unknown) => Promise<unknown>;
  /** The mquickjs dialect's fetch (sync-fetch.ts). */
  fetchSync: (url: unknown, options: unknown) => SyncResponse;
  /** reportError(): the error counts as uncaught, as in a browser or Bun. */
  reportError: (error: unknown) => void;
  /** One call of a host function: its value, decoded into this realm, or the error it threw. */
  callHost: (name: string, args: unknown[]) => unknown;
}

/**
 * The Web Crypto global, not node:crypto: importing node:crypto cost ~13 ms of every guest's
 * start (Bun 1.4.5 builds its whole Node polyfill). Shared as it is, frozen.
 */
const webCrypto = globalThis.crypto;

/**
 * The interfaces of WinterTC's Minimum Common Web Platform API that Bun's realm provides, given
 * to the script realm as they are: frozen by harden/ before any script runs. WebAssembly is the
 * script realm's own.
 */
const CLASS_NAMES = [
  'AbortController',
  'AbortSignal',
  'Blob',
  'ByteLengthQueuingStrategy',
  'CompressionStream',
  'CountQueuingStrategy',
  'Crypto',
  'CryptoKey',
  'CustomEvent',
  'DecompressionStream',
  'DOMException',
  'Event',
  'EventTarget',
  'File',
  'FormData',
  'Headers',
  'ReadableByteStreamController',
  'ReadableStream',
  'ReadableStreamBYOBReader',
  'ReadableStreamBYOBRequest',
  'ReadableStreamDefaultController',
  'ReadableStreamDefaultReader',
  'Request',
  'Response',
  'SubtleCrypto',
  'TextDecoder',
  'TextDecoderStream',
  'TextEncoder',
  'TextEncoderStream',
  'TransformStream',
  'TransformStreamDefaultController',
  'URL',
  'URLPattern',
  'URLSearchParams',
  'WritableStream',
  'WritableStreamDefaultController',
  'WritableStreamDefaultWriter',
] as const;

const CLASSES: Record<string, unknown> = Object.fromEntries(
  CLASS_NAMES.map((name) => {
    const value = (globalThis as Record<string, unknown>)[name];
    // A Bun without one of them is not a runtime this guest was built for.
    if (typeof value !== 'function') throw new Error(`this Bun has no ${name}`);
    return [name, value];
  }),
);

/** Hardens Bun's realm around what createRealm shares. Once per process, before any realm. */
export function hardenShared(): void {
  tameAbortTimeout();
  hardenRuntimeRealm([...Object.values(CLASSES), webCrypto, webCrypto.subtle]);
}

export interface Realm {
  context: vm.Context;
  /** Builds decoded values (setVariable's) as objects of this realm. */
  values: ValueBuilder;
  /** The realm's Object.prototype, as it was before any script ran. */
  root: object;
  /** Defines host functions (dotted names) as globals of the realm. */
  defineFunctions: (names: readonly string[]) => void;
  /** Installs the mquickjs dialect's globals (print, a synchronous fetch); once. */
  useMquickjs: () => void;
}

export function createRealm(init: InitFrame, host: RealmHost): Realm {
  // A null-prototype global: `this.constructor` must not lead back to the host realm's Function.
  const context = vm.createContext(Object.create(null) as object, {
    name: 'bunker',
    codeGeneration: { strings: init.allowEval, wasm: init.allowEval },
  });
  const bootstrap = vm.runInContext(BOOTSTRAP_SOURCE, context) as (capabilities: object) => {
    code: CodeRealm;
    values: RealmIntrinsics;
    defineFunctions: (names: readonly string[]) => void;
    useMquickjs: () => void;
  };
  const intrinsics = bootstrap({
    console: host.console,
    timers: host.timers,
    fetch: host.fetch,
    fetchSync: host.fetchSync,
    reportError: host.reportError,
    callHost: host.callHost,
    structuredClone,
    atob,
    btoa,
    crypto: webCrypto,
    now: () => performance.now(),
    timeOrigin: performance.timeOrigin,
    classes: CLASSES,
    maxStringLength: init.maxStringLength,
  });
  setCodeRealm(intrinsics.code);
  return {
    context,
    values: realmBuilder(intrinsics.values),
    root: intrinsics.values.Object.prototype as object,
    defineFunctions: intrinsics.defineFunctions,
    useMquickjs: intrinsics.useMquickjs,
  };
}

/**
 * Removes the host realm's doors from its own global object, so that a script that reaches the
 * host realm's Function finds no `process` or `require` there. `Bun` is non-configurable and
 * stays: from there on only the OS sandbox and the host's limits hold, as designed.
 */
export function hideHostGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  for (const name of [
    'process',
    'require',
    'module',
    'exports',
    '__filename',
    '__dirname',
    'Worker',
    // A ShadowRealm is a fresh realm of the host's kind: it has `process` and compiles strings.
    'ShadowRealm',
  ]) {
    try {
      delete g[name];
    } catch {
      // non-configurable: nothing more to do from inside
    }
  }
}
