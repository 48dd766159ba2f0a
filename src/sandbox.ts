import { ArgumentError, BunkerError, SandboxError } from './errors.js';
import { GarbageCollection } from './host/collect.js';
import { evalFrame, exchange } from './host/evaluation.js';
import { terminationError } from './host/termination.js';
import { defaultPool } from './default-pool.js';
import type { Lease, Pool } from './pool.js';
import type { GuestProcess } from './host/guest-process.js';
import { checkCode } from './check-code.js';
import { resolveOptions, type Options, type ResolvedOptions } from './options.js';
import { PROTOCOL_VERSION } from './protocol/frames.js';
import { encodeValue } from './protocol/values.js';
import { failure, settle, type Outcome, type Result } from './result.js';
import { soundAfter } from './host/tenant-processes.js';
import { FunctionTable, type HostFunction } from './functions.js';
import { insideHostFunctionOf } from './host/host-calls.js';

/**
 * One sandbox process owned by the caller, like mquickjs-ruby's Sandbox: globals persist across
 * `eval` calls. Evals run one at a time, in call order. Two Sandboxes never share a process.
 * After a TimeoutError or MemoryLimitError the process is gone and later calls reject with
 * SandboxError (code SANDBOX_CLOSED): create a new Sandbox. Under `dialect: "mquickjs"` a
 * TimeoutError the guest itself stopped (a synchronous loop, a wait) keeps the process and its
 * globals (src/guest/script-deadline.ts).
 *
 * With the `tenant` option the process may have served the tenant's earlier runs (its realm is
 * fresh all the same), and goes back to the tenant when the Sandbox is disposed unless an eval
 * broke a limit or ended in a SandboxError.
 */
export class Sandbox {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly garbage: GarbageCollection;
  private readonly guest: GuestProcess;
  /** Starts the pool's replacement for this process; dropped once called. */
  private replace: (() => void) | undefined;
  private readonly finish: Lease['finish'];
  private disposed = false;
  /** An eval broke a limit or failed with a SandboxError: the process is not given back. */
  private unsound = false;
  private inFlight = 0;
  /** Host functions of this Sandbox; `undefinedNames` are not yet defined in its realm. */
  private readonly functions: FunctionTable;
  private readonly undefinedNames = new Set<string>();

  private constructor(
    lease: Lease,
    private readonly options: ResolvedOptions,
  ) {
    this.functions = new FunctionTable(options.functions);
    for (const name of this.functions.names()) this.undefinedNames.add(name);
    this.guest = lease.guest;
    this.replace = lease.replace;
    this.finish = lease.finish;
    this.garbage = new GarbageCollection(lease.guest, options);
  }

  /**
   * Starts the sandbox process, taken from `pool` (the default pool unless given), whose
   * `maxProcesses` it counts against until it is disposed. Rejects with ArgumentError or
   * SandboxError (TOO_MANY_SANDBOXES when the pool's processes are all in use).
   */
  static async create(options?: Options, pool: Pool = defaultPool()): Promise<Sandbox> {
    const resolved = resolveOptions(options);
    return new Sandbox(await pool.acquire(resolved), resolved);
  }

  /**
   * Evaluates `code`; resolves with the Result or rejects with a typed error. Called from inside
   * one of this Sandbox's host functions it rejects at once with SandboxError REENTRANT_EVAL: the
   * script that called the function waits for it, so the eval could never start.
   */
  async eval(code: string): Promise<Result> {
    checkCode(code);
    return settle(await this.evalOutcome(code));
  }

  /** Like {@link eval}, but one Outcome for success and failure. */
  evalOutcome(code: string): Promise<Outcome> {
    const reentrant = this.reentrant('eval');
    if (reentrant) return Promise.resolve(failure(reentrant));
    return this.serialize(() => {
      const names = [...this.undefinedNames];
      this.undefinedNames.clear();
      return exchange(this.guest, evalFrame(code, this.options, false, names), this.options, {
        table: this.functions,
        owner: this,
      });
    });
  }

  /**
   * Makes `fn` callable by the script as the global `name` from the next eval on; a dotted name
   * (`"db.find"`) defines nested objects. The call is synchronous in the script and returns a
   * copy of `fn`'s value (a Promise is awaited here first); what `fn` throws, the script sees as
   * an Error named HostFunctionError with the same message. Defining a name again replaces the
   * function. Throws ArgumentError (INVALID_ARGUMENT) for a bad name or a non-function.
   */
  defineFunction(name: string, fn: HostFunction): void {
    this.functions.define(name, fn);
    this.undefinedNames.add(name);
  }

  /**
   * Defines global `name` in the sandbox. `value` follows the same rules as results
   * (structured clone; functions and symbols are refused with ArgumentError).
   */
  async setVariable(name: string, value: unknown): Promise<void> {
    const reentrant = this.reentrant('setVariable');
    if (reentrant) throw reentrant;
    if (typeof name !== 'string' || name === '')
      throw new ArgumentError('variable name must be a non-empty string', 'INVALID_ARGUMENT');
    let encoded: unknown;
    try {
      encoded = encodeValue(value);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new ArgumentError(`setVariable("${name}"): ${reason}`, 'INVALID_ARGUMENT');
    }
    const outcome = await this.serialize(() =>
      exchange(
        this.guest,
        (id) => ({ v: PROTOCOL_VERSION, type: 'set', id, name, value: encoded }),
        this.options,
      ),
    );
    settle(outcome);
  }

  /** Ends the process. Safe to call more than once; pending evals reject with SandboxError. */
  async dispose(): Promise<void> {
    if (this.disposed) return this.guest.termination ? this.guest.exited : undefined;
    this.disposed = true;
    this.startReplacement();
    // A collection the last eval asked for may still be running: a process given back to its
    // tenant must have answered it (queued evals end at once: the Sandbox is disposed).
    if (this.inFlight === 0) await this.queue;
    await this.finish(!this.unsound && this.inFlight === 0);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private reentrant(what: string): SandboxError | undefined {
    if (!insideHostFunctionOf(this)) return undefined;
    return new SandboxError(
      'REENTRANT_EVAL',
      `${what} was called from inside a host function of the same Sandbox, whose script waits for that function: it would never run`,
    );
  }

  private startReplacement(): void {
    const replace = this.replace;
    this.replace = undefined;
    replace?.();
  }

  private serialize(task: () => Promise<Outcome>): Promise<Outcome> {
    const next = this.queue.then(async () => {
      const ended = this.guest.termination;
      if (!ended && this.disposed)
        return failure(new SandboxError('SANDBOX_CLOSED', 'the sandbox was disposed'));
      if (!ended) {
        this.inFlight++;
        try {
          const outcome = await task();
          if (!soundAfter(outcome)) this.unsound = true;
          return outcome;
        } finally {
          this.inFlight--;
        }
      }
      const cause = terminationError(ended, this.options, 0);
      const message =
        ended.kind === 'disposed'
          ? ended.detail
          : `the sandbox was terminated earlier (${cause.name}: ${cause.message}); create a new Sandbox`;
      return failure(new SandboxError('SANDBOX_CLOSED', message));
    });
    // The eval's caller has its result; a collection it made wanted runs before the next task.
    this.queue = next.then(() => this.garbage.afterEval()).catch(() => {});
    if (this.replace) {
      const replace = () => this.startReplacement();
      void next.then(replace, replace);
    }
    return next.catch((error: unknown) =>
      failure(
        error instanceof BunkerError ? error : new SandboxError('SANDBOX_CRASHED', String(error)),
      ),
    );
  }
}
