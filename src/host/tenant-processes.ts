/**
 * Idle processes of tenants (issue 12): a process that served a tenant's run or Sandbox waits here
 * for that tenant's next one with exactly the same start settings, and for nobody else's. It
 * holds its permit of the pool's budget while it waits, as a warm process does.
 *
 * A process is retired (ended) instead of kept when its last run broke a limit, crashed it or
 * ended in a SandboxError, when it holds more memory at rest than two runs may use, after
 * `tenantMaxRuns` runs, once `tenantMaxAgeMs` old, after `idleMs` unused, and, least recently
 * used first, when more than `maxIdleTenantProcesses` wait, or the budget needs room for a live
 * process.
 */
import type { ErrorName } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Outcome } from '../result.js';
import { GarbageCollection } from './collect.js';
import type { GuestProcess } from './guest-process.js';

export interface TenantRules {
  maxRuns: number;
  maxAgeMs: number;
  maxIdle: number;
}

/**
 * Runs' worth of memory (memoryLimit each) a process may hold at rest above its start. A run's
 * garbage is often still there when the next starts (the collector had no reason to run), and
 * each run counts from its own start; this bounds what piles up across runs.
 */
const RESTING_RUNS = 2;

interface Life {
  /** Runs and Sandboxes it has served. */
  served: number;
  /** When a tenant first took it. */
  since: number;
}

interface Idle {
  guest: GuestProcess;
  life: Life;
  idleSince: number;
}

/** Errors of the script itself: its process is as sound as after a success. */
const SCRIPT_ERRORS: ReadonlySet<ErrorName> = new Set<ErrorName>([
  'SyntaxError',
  'JavaScriptError',
  'HTTPBlockedError',
  'HTTPLimitError',
  'HTTPError',
]);

/** Whether an eval's outcome leaves its process fit for the tenant's next run. */
export function soundAfter(outcome: Outcome): boolean {
  return outcome.ok || SCRIPT_ERRORS.has(outcome.error.name);
}

/** The idle list a tenant's run may take from: one tenant, one set of start settings. */
export function tenantKey(tenant: string, launchKey: string): string {
  return JSON.stringify([tenant, launchKey]);
}

export class TenantProcesses {
  /** By tenant key; the most recently idle last. */
  private readonly idle = new Map<string, Idle[]>();
  private readonly lives = new WeakMap<GuestProcess, Life>();
  private readonly garbage = new WeakMap<GuestProcess, GarbageCollection>();
  /** Processes collecting their last run's garbage before they are released, by tenant key. */
  private readonly collecting = new Map<string, Set<Promise<void>>>();
  private disposed = false;
  private count = 0;

  constructor(
    private readonly rules: TenantRules,
    /** Ends a process and gives its permit back once it has exited. */
    private readonly retire: (guest: GuestProcess, why: string) => void,
  ) {}

  /**
   * The most recently used idle process of this tenant and settings, still alive and within its
   * age; undefined when there is none (the caller takes a never-used one).
   */
  take(key: string): GuestProcess | undefined {
    const list = this.idle.get(key);
    if (!list) return undefined;
    const now = performance.now();
    let found: GuestProcess | undefined;
    while (!found && list.length > 0) {
      const entry = list.pop()!;
      this.count--;
      if (entry.guest.termination) continue; // died while idle (a limit between runs)
      if (now - entry.life.since >= this.rules.maxAgeMs)
        this.retire(entry.guest, 'retired: tenantMaxAgeMs reached');
      else found = entry.guest;
    }
    if (list.length === 0) this.idle.delete(key);
    return found;
  }

  /** Whether this process served a tenant before (its run then counts from a fresh baseline). */
  served(guest: GuestProcess): boolean {
    return this.lives.has(guest);
  }

  /**
   * A run or Sandbox of the tenant is over: keep its process for the tenant's next one, or
   * retire it. `sound` is false after a limit, a crash or a SandboxError; `memoryLimit` is what
   * one run may use.
   */
  release(key: string, guest: GuestProcess, sound: boolean, memoryLimit: number): void {
    const now = performance.now();
    let life = this.lives.get(guest);
    if (!life) {
      life = { served: 0, since: now };
      this.lives.set(guest, life);
    }
    life.served++;
    const why = this.retirement(guest, life, sound, memoryLimit, now);
    if (why !== undefined) return this.retire(guest, why);
    let list = this.idle.get(key);
    if (!list) {
      list = [];
      this.idle.set(key, list);
    }
    if (!guest.watchdog?.restAfterEval) guest.watchdog?.rest(); // a Sandbox's, until now
    list.push({ guest, life, idleSince: now });
    this.count++;
    while (this.count > this.rules.maxIdle && this.evictOne('maxIdleTenantProcesses reached'));
  }

  /**
   * {@link release}, once the guest has collected what its run left behind when that was a good
   * share of `memoryLimit` (collect.ts): a run's whole realm is garbage after it, and without
   * collecting, a process whose runs each build and drop a few MB ended the tenant's next run in
   * MemoryLimitError. Meanwhile the process is nobody's: a concurrent run of the tenant takes
   * another.
   */
  releaseAfterCollect(key: string, guest: GuestProcess, sound: boolean, options: ResolvedOptions) {
    if (!sound || guest.termination) return this.release(key, guest, sound, options.memoryLimit);
    let garbage = this.garbage.get(guest);
    if (!garbage) {
      garbage = new GarbageCollection(guest, options);
      this.garbage.set(guest, garbage);
    }
    const pending = this.collecting.get(key) ?? new Set<Promise<void>>();
    this.collecting.set(key, pending);
    const collected: Promise<void> = garbage.afterEval().then(() => {
      pending.delete(collected);
      if (pending.size === 0) this.collecting.delete(key);
      if (this.disposed) return this.retire(guest, 'the pool was disposed');
      this.release(key, guest, !guest.termination, options.memoryLimit);
    });
    pending.add(collected);
  }

  /**
   * {@link take}, or when the tenant's processes are all still collecting, the first of them to
   * finish (a collection takes milliseconds, a new process far longer).
   */
  async takeOrWait(key: string): Promise<GuestProcess | undefined> {
    for (;;) {
      const found = this.take(key);
      const pending = this.collecting.get(key);
      if (found || !pending) return found;
      await Promise.race(pending);
    }
  }

  /** Why a process that just served a run is not kept; undefined when it is. */
  private retirement(
    guest: GuestProcess,
    life: Life,
    sound: boolean,
    memoryLimit: number,
    now: number,
  ): string | undefined {
    if (!sound || guest.termination) return 'retired: its last run broke a limit or failed';
    if ((guest.watchdog?.restingBytes ?? 0) > RESTING_RUNS * memoryLimit)
      return 'retired: it holds more memory at rest than two runs may use';
    if (life.served >= this.rules.maxRuns) return 'retired: tenantMaxRuns reached';
    if (now - life.since >= this.rules.maxAgeMs) return 'retired: tenantMaxAgeMs reached';
    if (this.rules.maxIdle === 0) return 'retired: maxIdleTenantProcesses is 0';
    return undefined;
  }

  /** Ends the least recently used idle process; false when none is idle. */
  evictOne(why = 'evicted to make room under maxProcesses'): boolean {
    let oldest: { key: string; list: Idle[] } | undefined;
    for (const [key, list] of this.idle)
      if (!oldest || list[0]!.idleSince < oldest.list[0]!.idleSince) oldest = { key, list };
    if (!oldest) return false;
    const entry = oldest.list.shift()!;
    if (oldest.list.length === 0) this.idle.delete(oldest.key);
    this.count--;
    this.retire(entry.guest, why);
    return true;
  }

  /** Ends the processes idle for `idleMs` or more, or past their age. */
  sweep(idleMs: number): void {
    const now = performance.now();
    for (const [key, list] of this.idle) {
      const keep = list.filter(
        (entry) => now - entry.idleSince < idleMs && now - entry.life.since < this.rules.maxAgeMs,
      );
      for (const entry of list)
        if (!keep.includes(entry)) this.retire(entry.guest, 'retired: idle or old');
      this.count -= list.length - keep.length;
      if (keep.length === 0) this.idle.delete(key);
      else this.idle.set(key, keep);
    }
  }

  get idleCount(): number {
    return this.count;
  }

  /** Ends every idle process; resolves once they have exited. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.collecting.values()].flatMap((pending) => [...pending]));
    const ending = [...this.idle.values()].flat().map((entry) => entry.guest);
    this.idle.clear();
    this.count = 0;
    for (const guest of ending) this.retire(guest, 'the pool was disposed');
    await Promise.all(ending.map((guest) => guest.exited));
  }
}
