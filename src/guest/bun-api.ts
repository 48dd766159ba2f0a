/**
 * The few Bun APIs the guest runtime uses, captured before the realm hides `Bun`. Typed here
 * rather than through bun-types so the host's type space stays Node's.
 */
export interface BunApi {
  stdin: { stream(): ReadableStream<Uint8Array> };
  /** A promise's value without waiting, when it has one (`status` says). */
  peek: {
    (promise: Promise<unknown>): unknown;
    status(promise: Promise<unknown>): 'pending' | 'fulfilled' | 'rejected';
  };
  /** A full, synchronous collection when `force`; returns the heap's size after it. */
  gc(force: boolean): number;
  inspect(value: unknown, options?: { colors?: boolean; depth?: number }): string;
  Transpiler: new (options: {
    loader: 'js' | 'ts';
    replMode: boolean;
    define?: Record<string, string>;
  }) => {
    transformSync(code: string): string;
  };
}

export const bun = (globalThis as unknown as { Bun: BunApi }).Bun;

const load = (import.meta as unknown as { require: (id: string) => unknown }).require;
const hostProcess = globalThis.process;

/**
 * A Node built-in the guest needs only sometimes, loaded on first use rather than at every
 * guest's start. Bun's Node modules read the global `process` as they load, which the guest has
 * hidden (realm.ts): it is put back for this synchronous call only, during which only Bun's own
 * module code runs (a script's code lives in another realm).
 */
export function requireBuiltin(id: string): unknown {
  const host = globalThis as { process?: unknown };
  const hidden = !('process' in host);
  if (hidden) host.process = hostProcess;
  try {
    return load(id);
  } finally {
    if (hidden) delete host.process;
  }
}
