/**
 * The sandboxes a server holds, by handle. Handles are random UUIDs, so a handle from an earlier
 * server process (a client that restarted it) can never name a sandbox of this one.
 */
import { randomUUID } from 'node:crypto';
import { ArgumentError, SandboxError } from '../errors.js';
import type { Options } from '../options.js';
import type { Outcome } from '../result.js';
import { Sandbox } from '../sandbox.js';
import type { ClientCalls } from './client-calls.js';
import type { RequestId } from './protocol.js';

export class SandboxTable {
  private readonly open = new Map<string, Sandbox>();
  /**
   * The eval requests of each sandbox in the order it runs them (a Sandbox runs its evals one at
   * a time, in call order): the first is the one a call of its script belongs to.
   */
  private readonly evals = new Map<Sandbox, RequestId[]>();
  private closed = false;

  /** Without `calls` (the HTTP service) no sandbox may have host functions. */
  constructor(private readonly calls: ClientCalls = NO_CALLS) {}

  /**
   * Starts a sandbox whose script may call the client's functions `functions`; rejects with
   * ArgumentError (options, names) or SandboxError.
   */
  async create(options: Options | undefined, functions: readonly string[] = []): Promise<string> {
    if (this.closed) throw shuttingDown();
    const evals: RequestId[] = [];
    const requestId = () => evals[0] ?? null!;
    const sandbox = await Sandbox.create(
      functions.length === 0
        ? options
        : { ...(options ?? {}), functions: this.calls.functions(functions, requestId) },
    );
    this.evals.set(sandbox, evals);
    if (this.closed) {
      await sandbox.dispose();
      throw shuttingDown();
    }
    const handle = randomUUID();
    this.open.set(handle, sandbox);
    return handle;
  }

  /** The sandbox behind `handle`; SandboxError SANDBOX_CLOSED when there is none. */
  get(handle: string): Sandbox {
    const sandbox = this.open.get(handle);
    if (!sandbox)
      throw new SandboxError(
        'SANDBOX_CLOSED',
        `no sandbox with handle ${JSON.stringify(handle)} (never created, or already disposed)`,
      );
    return sandbox;
  }

  /** Runs one eval request, so that the calls its script makes name it. */
  async eval(handle: string, requestId: RequestId, code: string): Promise<Outcome> {
    const sandbox = this.get(handle);
    const evals = this.evals.get(sandbox)!;
    evals.push(requestId);
    try {
      return await sandbox.evalOutcome(code);
    } finally {
      evals.splice(evals.indexOf(requestId), 1);
      this.calls.forget(requestId);
    }
  }

  /** Lets the script of `handle` call the client's function `name` from its next eval on. */
  defineFunction(handle: string, name: string): void {
    const sandbox = this.get(handle);
    const evals = this.evals.get(sandbox)!;
    sandbox.defineFunction(
      name,
      this.calls.stub(name, () => evals[0] ?? null!),
    );
  }

  /** Forgets the handle at once (later requests for it are refused), then ends the process. */
  async dispose(handle: string): Promise<void> {
    const sandbox = this.get(handle);
    this.open.delete(handle);
    this.evals.delete(sandbox);
    await sandbox.dispose();
  }

  /** Disposes every sandbox; pending evals answer SANDBOX_CLOSED. Creates still starting are disposed when they finish. */
  async close(): Promise<void> {
    this.closed = true;
    const sandboxes = [...this.open.values()];
    this.open.clear();
    await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  }
}

/** The HTTP service has no client code to call: host functions are refused where they are named. */
const NO_CALLS = {
  functions: (names: readonly string[]) => {
    if (names.length > 0) throw noFunctions();
    return {};
  },
  stub: () => {
    throw noFunctions();
  },
  forget: () => {},
} as unknown as ClientCalls;

export const noFunctions = () =>
  new ArgumentError(
    'host functions are not offered here (no client code to call)',
    'INVALID_ARGUMENT',
  );

const shuttingDown = () =>
  new SandboxError('SANDBOX_CLOSED', 'the server is shutting down; no new sandboxes');
