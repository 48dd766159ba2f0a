import { BunkerError, SandboxError } from './errors.js';
import { checkCode } from './check-code.js';
import { evalFrame, exchange } from './host/evaluation.js';
import { GuestProcess } from './host/guest-process.js';
import { guestLaunch } from './host/launch-spec.js';
import { WarmSet } from './host/warm-set.js';
import {
  resolveOptions,
  resolvePoolOptions,
  type Options,
  type PoolOptions,
  type ResolvedOptions,
  type ResolvedPoolOptions,
} from './options.js';
import { failure, settle, type Outcome, type Result } from './result.js';

export interface PoolStats {
  /** Processes started, warmed up and waiting for a run or a Sandbox. */
  ready: number;
  /** Background starts not yet ready. */
  starting: number;
  /** Runs holding a slot (`maxConcurrent`); Sandboxes hold none. */
  running: number;
  /** Runs waiting for a slot (`maxQueue`). */
  queued: number;
}

/**
 * Pre-started sandbox processes, so that a run gets a fresh process without waiting for one to
 * start. Every process serves one run (or one Sandbox) and is then thrown away; the pool starts
 * its replacement in the background. Processes are grouped by what is fixed when a process
 * starts (filesystem grants, memory limit, eval policy, stack and string limits): a run is only
 * ever given a process started for exactly its own settings.
 *
 * `run()` uses a default pool; create your own to choose sizes. Idle pooled processes do not
 * keep the host process alive, and die with it.
 */
export class Pool {
  private readonly options: ResolvedPoolOptions;
  private readonly sets = new Map<string, WarmSet>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private disposed = false;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(options?: PoolOptions) {
    this.options = resolvePoolOptions(options);
    this.sweeper = setInterval(() => this.shrink(), Math.max(50, this.options.idleMs / 2));
    this.sweeper.unref();
  }

  /** Like the module's `run`, on this pool. */
  async run(code: string, options?: Options): Promise<Result> {
    const resolved = resolveOptions(options);
    checkCode(code);
    return settle(await this.runResolved(code, resolved));
  }

  /** One run, one Outcome: waits for a free slot, takes a fresh process, throws it away after. */
  async runResolved(code: string, options: ResolvedOptions): Promise<Outcome> {
    try {
      await this.slot();
    } catch (error) {
      return failure(error as BunkerError);
    }
    const set = this.setFor(options);
    try {
      let guest: GuestProcess;
      try {
        guest = await this.take(options, set);
      } catch (error) {
        return failure(
          error instanceof BunkerError
            ? error
            : new SandboxError(
                'SANDBOX_START_FAILED',
                `the sandbox failed to start: ${String(error)}`,
              ),
        );
      }
      try {
        return await exchange(guest, evalFrame(code, options), options);
      } finally {
        guest.terminate({ kind: 'disposed', detail: 'the run is over' });
        set?.refillSoon(); // after the run: spawning blocks the event loop for ~5 ms
      }
    } finally {
      this.release();
    }
  }

  /**
   * A process that has never run anything, for one long-lived owner (a Sandbox). Its
   * replacement starts when the owner calls `replace` (once): after its first eval, as a run's
   * starts after the run, because spawning blocks the event loop for ~5 ms that the eval's result
   * would otherwise wait for.
   */
  async acquire(options: ResolvedOptions): Promise<{ guest: GuestProcess; replace: () => void }> {
    const set = this.setFor(options);
    const guest = await this.take(options, set);
    return { guest, replace: () => set?.refillSoon() };
  }

  /** Starts `size` processes for these options now, so the first runs need not wait. */
  warm(options?: Options): void {
    this.setFor(resolveOptions(options))?.refill();
  }

  private take(options: ResolvedOptions, set: WarmSet | undefined): Promise<GuestProcess> {
    if (this.disposed)
      return Promise.reject(new SandboxError('SANDBOX_CLOSED', 'the pool was disposed'));
    return set ? set.take() : GuestProcess.start(guestLaunch(options), options.memoryLimit);
  }

  /** The ready processes for these settings, created on first use; none when pooling is off. */
  private setFor(options: ResolvedOptions): WarmSet | undefined {
    if (!options.pool || this.options.size === 0 || this.disposed) return undefined;
    const launch = guestLaunch(options);
    let set = this.sets.get(launch.key);
    if (!set) {
      set = new WarmSet(launch, options.memoryLimit, this.options.size);
      this.sets.set(launch.key, set);
    }
    return set;
  }

  /** What the pool holds now, summed over every set of start settings. */
  stats(): PoolStats {
    let ready = 0;
    let starting = 0;
    for (const set of this.sets.values()) {
      ready += set.readyCount;
      starting += set.startingCount;
    }
    return { ready, starting, running: this.running, queued: this.waiting.length };
  }

  /** Ends every pooled process; runs already going finish, new ones are refused. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.sweeper);
    const sets = [...this.sets.values()];
    this.sets.clear();
    await Promise.all(sets.map((set) => set.dispose()));
  }

  private slot(): Promise<void> {
    if (this.running < this.options.maxConcurrent) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxQueue) {
      return Promise.reject(
        new SandboxError(
          'QUEUE_FULL',
          `${this.running} runs are executing and ${this.waiting.length} waiting (maxConcurrent ${this.options.maxConcurrent}, maxQueue ${this.options.maxQueue}); try again later`,
        ),
      );
    }
    // The slot passes straight from the run that releases it to the next in line.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private shrink(): void {
    const now = performance.now();
    for (const [key, set] of this.sets) {
      if (now - set.lastUsed < this.options.idleMs) continue;
      this.sets.delete(key);
      void set.dispose();
    }
  }
}
