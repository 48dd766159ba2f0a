/**
 * The realm user code runs in: a fresh node:vm context with only the documented globals, code
 * generation from strings and WebAssembly compilation refused unless allowEval is set.
 */
import vm from 'node:vm';
import type { InitFrame } from '../protocol/frames.js';
import { BOOTSTRAP_SOURCE } from './bootstrap.js';
import type { TimerTracker } from './timers.js';

export interface RealmHost {
  console: Record<string, (...args: unknown[]) => void>;
  timers: TimerTracker;
  fetch: (input: unknown, init: unknown) => Promise<unknown>;
}

/**
 * The Web Crypto global, not node:crypto: importing node:crypto cost ~13 ms of every guest's
 * start (Bun 1.4.5 builds its whole Node polyfill). Captured before hideHostGlobals.
 */
const webCrypto = globalThis.crypto;

/** Web classes the guest gets as they are (host-realm objects; see bootstrap.ts). */
const CLASSES = {
  URL,
  URLSearchParams,
  TextEncoder,
  TextDecoder,
  Headers,
  Request,
  Response,
  AbortController,
  AbortSignal,
  Blob,
};

export function createRealm(init: InitFrame, host: RealmHost): vm.Context {
  // A null-prototype global: `this.constructor` must not lead back to the host realm's Function.
  const context = vm.createContext(Object.create(null) as object, {
    name: 'bunker',
    codeGeneration: { strings: init.allowEval, wasm: init.allowEval },
  });
  const bootstrap = vm.runInContext(BOOTSTRAP_SOURCE, context) as (capabilities: object) => void;
  bootstrap({
    console: host.console,
    timers: host.timers,
    fetch: host.fetch,
    structuredClone,
    atob,
    btoa,
    getRandomValues: (array: Parameters<typeof webCrypto.getRandomValues>[0]) =>
      webCrypto.getRandomValues(array),
    randomUUID: () => webCrypto.randomUUID(),
    now: () => performance.now(),
    timeOrigin: performance.timeOrigin,
    classes: CLASSES,
    maxStringLength: init.maxStringLength,
  });
  return context;
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
