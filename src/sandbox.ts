import { ArgumentError, BunkerError, SandboxError } from './errors.js';
import { GarbageCollection } from './host/collect.js';
import { evalFrame, exchange } from './host/evaluation.js';
import { terminationError } from './host/termination.js';
import { defaultPool } from './default-pool.js';
import type { Pool } from './pool.js';
import type { GuestProcess } from './host/guest-process.js';
import { checkCode } from './check-code.js';
import { resolveOptions, type Options, type ResolvedOptions } from './options.js';
import { PROTOCOL_VERSION } from './protocol/frames.js';
import { encodeValue } from './protocol/values.js';
import { failure, settle, type Outcome, type Result } from './result.js';

/**
 * One sandbox process owned by the caller, like mquickjs-ruby's Sandbox: globals persist across
 * `eval` calls. Evals run one at a time, in call order. Two Sandboxes never share a process.
 * After a TimeoutError or MemoryLimitError the process is gone and later calls reject with
 * SandboxError (code SANDBOX_CLOSED): create a new Sandbox.
 */
export class Sandbox {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly garbage: GarbageCollection;

  private constructor(
    private readonly guest: GuestProcess,
    private readonly options: ResolvedOptions,
    /** Starts the pool's replacement for this process; dropped once called. */
    private replace: (() => void) | undefined,
  ) {
    this.garbage = new GarbageCollection(guest, options);
  }

  /**
   * Starts the sandbox process, taken from `pool` (the default pool unless given), whose
   * `maxProcesses` it counts against until it is disposed. Rejects with ArgumentError or
   * SandboxError (TOO_MANY_SANDBOXES when the pool's processes are all in use).
   */
  static async create(options?: Options, pool: Pool = defaultPool()): Promise<Sandbox> {
    const resolved = resolveOptions(options);
    const { guest, replace } = await pool.acquire(resolved);
    return new Sandbox(guest, resolved, replace);
  }

  /** Evaluates `code`; resolves with the Result or rejects with a typed error. */
  async eval(code: string): Promise<Result> {
    checkCode(code);
    return settle(await this.evalOutcome(code));
  }

  /** Like {@link eval}, but one Outcome for success and failure. */
  evalOutcome(code: string): Promise<Outcome> {
    return this.serialize(() => exchange(this.guest, evalFrame(code, this.options), this.options));
  }

  /**
   * Defines global `name` in the sandbox. `value` follows the same rules as results
   * (structured clone; functions and symbols are refused with ArgumentError).
   */
  async setVariable(name: string, value: unknown): Promise<void> {
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
    this.guest.terminate({ kind: 'disposed', detail: 'the sandbox was disposed' });
    this.startReplacement();
    await this.guest.exited;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private startReplacement(): void {
    const replace = this.replace;
    this.replace = undefined;
    replace?.();
  }

  private serialize(task: () => Promise<Outcome>): Promise<Outcome> {
    const next = this.queue.then(() => {
      const ended = this.guest.termination;
      if (!ended) return task();
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
