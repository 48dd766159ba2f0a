import { BunkerError, SandboxError } from './errors.js';
import { checkCode } from './check-code.js';
import { evalFrame, exchange } from './host/evaluation.js';
import { FunctionTable } from './functions.js';
import type { GuestProcess } from './host/guest-process.js';
import { guestLaunch } from './host/launch-spec.js';
import { ProcessBudget } from './host/process-budget.js';
import { soundAfter, tenantKey, TenantProcesses } from './host/tenant-processes.js';
import { WarmSet } from './host/warm-set.js';
import {
  resolveOptions,
  resolvePoolOptions,
  type Options,
  type PoolOptions,
  type ResolvedOptions,
  type ResolvedPoolOptions,
} from './options.js';
import { PROTOCOL_VERSION } from './protocol/frames.js';
import { failure, settle, type Outcome, type Result } from './result.js';

export interface PoolStats {
  /** Processes started, warmed up and waiting for a run or a Sandbox. */
  ready: number;
  /** Background starts not yet ready. */
  starting: number;
  /** Runs holding a slot (`maxConcurrent`); Sandboxes hold none. */
  running: number;
  /** Runs waiting for a slot (`maxConcurrent`) or for room under `maxProcesses`. */
  queued: number;
  /** Open Sandboxes, each holding one process. */
  sandboxes: number;
  /** Processes that served a tenant, waiting for that tenant's next run or Sandbox. */
  tenantIdle: number;
}

/** A process handed to a Sandbox, and how the Sandbox gives it back. */
export interface Lease {
  guest: GuestProcess;
  /** Starts the warm set's replacement for a never-used process (once, after the first eval). */
  replace: () => void;
  /**
   * The Sandbox is over: its process goes back to its tenant when `sound` (no limit broken, no
   * SandboxError, no eval in flight) and the Sandbox has one, else it ends. Resolves once a
   * process that ends has exited.
   */
  finish: (sound: boolean) => Promise<void>;
}

/**
 * Pre-started sandbox processes, so that a run gets a fresh process without waiting for one to
 * start. Every process serves one run (or one Sandbox) and is then thrown away; the pool starts
 * its replacement in the background. Processes are grouped by what is fixed when a process
 * starts (filesystem grants, memory limit, eval policy, stack and string limits): a run is only
 * ever given a process started for exactly its own settings.
 *
 * At most `maxProcesses` processes exist at once, warm and live together. Live ones (runs and
 * open Sandboxes) come first: warm ones are evicted to make room for them. A run that finds the
 * cap taken by other live processes waits in the queue, as it does for `maxConcurrent`; a Sandbox
 * (which may be held for as long as its owner likes) is refused at once with SandboxError
 * TOO_MANY_SANDBOXES, and so is a run when open Sandboxes alone fill the cap (nothing would end
 * to make room for it).
 *
 * With the `tenant` option a process serves one run (or Sandbox) after another of that tenant
 * alone, each in a fresh realm (src/host/tenant-processes.ts says when it is retired).
 *
 * `run()` uses a default pool; create your own to choose sizes. Idle pooled processes do not
 * keep the host process alive, and die with it.
 */
export class Pool {
  private readonly options: ResolvedPoolOptions;
  private readonly sets = new Map<string, WarmSet>();
  private readonly budget: ProcessBudget;
  private readonly tenants: TenantProcesses;
  /** Runs waiting for a slot or for room under maxProcesses, in order. */
  private readonly waiting: (() => void)[] = [];
  /** Runs admitted and not yet over: each holds a `maxConcurrent` slot and room for a process. */
  private running = 0;
  /** Open Sandboxes: each holds room for a process until that process has exited. */
  private sandboxes = 0;
  private disposed = false;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(options?: PoolOptions) {
    this.options = resolvePoolOptions(options);
    this.budget = new ProcessBudget(this.options.maxProcesses, {
      needRoom: () => this.evictWarm(),
      freed: () => this.topUp(),
    });
    this.tenants = new TenantProcesses(
      {
        maxRuns: this.options.tenantMaxRuns,
        maxAgeMs: this.options.tenantMaxAgeMs,
        maxIdle: this.options.maxIdleTenantProcesses,
      },
      (guest, why) => this.budget.evict(guest, why),
    );
    this.sweeper = setInterval(() => this.shrink(), Math.max(50, this.options.idleMs / 2));
    this.sweeper.unref();
  }

  /** Like the module's `run`, on this pool. */
  async run(code: string, options?: Options): Promise<Result> {
    const resolved = resolveOptions(options);
    checkCode(code);
    return settle(await this.runResolved(code, resolved));
  }

  /**
   * One run, one Outcome: waits for a slot and room under maxProcesses, takes a fresh process
   * (or, for a tenant, the tenant's idle one), and throws it away after (or gives it back to the
   * tenant).
   */
  async runResolved(code: string, options: ResolvedOptions): Promise<Outcome> {
    const set = this.setFor(options);
    try {
      await this.admitRun();
    } catch (error) {
      return failure(error as BunkerError);
    }
    const tenant = this.tenantOf(options);
    try {
      let guest: GuestProcess;
      const reused = await this.reuse(tenant);
      try {
        guest = reused ?? (await this.take(options, set));
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
      let outcome: Outcome | undefined;
      if (tenant !== undefined && guest.watchdog) guest.watchdog.restAfterEval = true;
      try {
        const functions = new FunctionTable(options.functions);
        outcome = await exchange(
          guest,
          evalFrame(code, options, tenant !== undefined, functions.names()),
          options,
          { table: functions, owner: functions },
        );
        return outcome;
      } finally {
        if (tenant === undefined || this.disposed) {
          guest.terminate({ kind: 'disposed', detail: 'the run is over' });
          // Its room goes to the next run now; its permit follows once it has exited.
          this.budget.ending(guest);
        } else {
          const sound = outcome !== undefined && soundAfter(outcome);
          this.tenants.releaseAfterCollect(tenant, guest, sound, options);
        }
        // After the run: spawning blocks the event loop for ~5 ms.
        if (!reused) set?.refillSoon();
      }
    } finally {
      this.running--;
      this.admitWaiting();
    }
  }

  /** The key of the tenant's idle processes for these settings; undefined without a tenant. */
  private tenantOf(options: ResolvedOptions): string | undefined {
    return options.tenant === undefined
      ? undefined
      : tenantKey(options.tenant, guestLaunch(options).key);
  }

  /** The tenant's idle process, ready for a run of its own counted from now; or undefined. */
  private async reuse(tenant: string | undefined): Promise<GuestProcess | undefined> {
    if (tenant === undefined || this.disposed) return undefined;
    const guest = await this.tenants.takeOrWait(tenant);
    if (guest && this.disposed) {
      this.budget.evict(guest, 'the pool was disposed');
      return undefined;
    }
    guest?.watchdog?.beginRun();
    return guest;
  }

  /**
   * A process that has never run anything, for one long-lived owner (a Sandbox). Its
   * replacement starts when the owner calls `replace` (once): after its first eval, as a run's
   * starts after the run, because spawning blocks the event loop for ~5 ms that the eval's result
   * would otherwise wait for. Rejects with SandboxError TOO_MANY_SANDBOXES when runs and
   * Sandboxes already fill `maxProcesses`.
   */
  async acquire(options: ResolvedOptions): Promise<Lease> {
    const set = this.setFor(options);
    if (this.live >= this.options.maxProcesses) throw this.full('no Sandbox can be created');
    this.sandboxes++;
    let counted = true;
    const left = () => {
      if (!counted) return;
      counted = false;
      this.sandboxes--;
      this.admitWaiting();
    };
    const tenant = this.tenantOf(options);
    let guest = await this.reuse(tenant);
    const fresh = guest === undefined;
    try {
      guest ??= await this.take(options, set);
    } catch (error) {
      left();
      throw error;
    }
    const taken = guest;
    // Between a Sandbox's evals its timers may still run: polled at the idle rate, not resting.
    if (taken.watchdog) taken.watchdog.restAfterEval = false;
    void taken.exited.then(left);
    const finish = async (sound: boolean): Promise<void> => {
      if (tenant !== undefined && !taken.termination && !this.disposed) {
        // Its realm goes first: nothing of this Sandbox's reaches the tenant's next owner.
        taken.send({ v: PROTOCOL_VERSION, type: 'renew' });
        left();
        return this.tenants.release(tenant, taken, sound, options.memoryLimit);
      }
      taken.terminate({ kind: 'disposed', detail: 'the sandbox was disposed' });
      await taken.exited;
    };
    return { guest: taken, replace: () => (fresh ? set?.refillSoon() : undefined), finish };
  }

  /** Starts `size` processes for these options now, so the first runs need not wait. */
  warm(options?: Options): void {
    this.setFor(resolveOptions(options))?.warm();
  }

  /** A process for a run or Sandbox already given room. */
  private async take(options: ResolvedOptions, set: WarmSet | undefined): Promise<GuestProcess> {
    if (this.disposed) throw new SandboxError('SANDBOX_CLOSED', 'the pool was disposed');
    if (set) return set.take();
    await this.budget.take();
    return this.budget.start(guestLaunch(options), options.memoryLimit);
  }

  /** The ready processes for these settings, created on first use; none when pooling is off. */
  private setFor(options: ResolvedOptions): WarmSet | undefined {
    if (!options.pool || this.options.size === 0 || this.disposed) return undefined;
    const launch = guestLaunch(options);
    let set = this.sets.get(launch.key);
    if (!set) {
      set = new WarmSet(launch, options.memoryLimit, this.options.size, this.budget);
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
    return {
      ready,
      starting,
      running: this.running,
      queued: this.waiting.length,
      sandboxes: this.sandboxes,
      tenantIdle: this.tenants.idleCount,
    };
  }

  /** Ends every pooled process; runs already going finish, new ones are refused. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.sweeper);
    const sets = [...this.sets.values()];
    this.sets.clear();
    await Promise.all([...sets.map((set) => set.dispose()), this.tenants.dispose()]);
  }

  /** Room taken by runs and Sandboxes; warm processes take none (they make way). */
  private get live(): number {
    return this.running + this.sandboxes;
  }

  private canAdmitRun(): boolean {
    return this.running < this.options.maxConcurrent && this.live < this.options.maxProcesses;
  }

  /**
   * A slot and room for one more process: at once, or in turn once a run ends or a Sandbox's
   * process exits. Refused when the queue is full, or when open Sandboxes alone fill
   * maxProcesses: then no run is under way whose end would make room.
   */
  private admitRun(): Promise<void> {
    if (this.waiting.length === 0 && this.canAdmitRun()) {
      this.running++;
      return Promise.resolve();
    }
    if (this.sandboxes >= this.options.maxProcesses)
      return Promise.reject(this.full('the run has nothing to wait for'));
    if (this.waiting.length >= this.options.maxQueue) {
      return Promise.reject(
        new SandboxError(
          'QUEUE_FULL',
          `${this.running} runs are executing and ${this.waiting.length} waiting (maxConcurrent ${this.options.maxConcurrent}, maxQueue ${this.options.maxQueue}); try again later`,
        ),
      );
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Lets waiting runs in, in order, while there is a slot and room. */
  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.canAdmitRun()) {
      this.running++;
      this.waiting.shift()!();
    }
  }

  private full(consequence: string): SandboxError {
    return new SandboxError(
      'TOO_MANY_SANDBOXES',
      `${this.sandboxes} Sandboxes are open and ${this.running} runs executing: the pool's maxProcesses (${this.options.maxProcesses}) is reached and ${consequence}; dispose a Sandbox or try again later`,
    );
  }

  /**
   * Ends the ready process of the least recently used settings that have one, else the least
   * recently used idle tenant process.
   */
  private evictWarm(): boolean {
    const sets = [...this.sets.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    // None ready: a start under way ends itself when it is up (WarmSet.refill).
    return sets.some((set) => set.evictOne()) || this.tenants.evictOne();
  }

  /** A permit came free: the most recently used settings short of processes get it. */
  private topUp(): void {
    if (this.disposed) return;
    const sets = [...this.sets.values()].sort((a, b) => b.lastUsed - a.lastUsed);
    for (const set of sets) set.refill();
  }

  private shrink(): void {
    this.tenants.sweep(this.options.idleMs);
    const now = performance.now();
    for (const [key, set] of this.sets) {
      if (now - set.lastUsed < this.options.idleMs) continue;
      this.sets.delete(key);
      void set.dispose();
    }
  }
}
