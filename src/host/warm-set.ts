/**
 * Ready guest processes for one launch configuration. Each is handed out once, to one run or
 * one Sandbox, and replaced in the background: a process never runs code for two owners.
 * Every process, warm or handed out, holds a permit of the pool's {@link ProcessBudget}.
 */
import type { GuestProcess } from './guest-process.js';
import type { GuestLaunch } from './launch-spec.js';
import { evalFrame, exchange } from './evaluation.js';
import type { ProcessBudget } from './process-budget.js';
import { resolveOptions } from '../options.js';

const WARM_UP_OPTIONS = resolveOptions({});

/**
 * One trivial eval through the real path (pipe, frames, realm, codec) before a process is
 * pooled: a fresh process's first eval took ~4 ms against ~0.6 ms for its second. The process
 * has still run nothing of anyone's.
 */
async function warmUp(guest: GuestProcess): Promise<GuestProcess> {
  const outcome = await exchange(guest, evalFrame('0', WARM_UP_OPTIONS), WARM_UP_OPTIONS);
  if (!outcome.ok) {
    guest.terminate({ kind: 'disposed', detail: 'warm-up failed' });
    throw new Error(`warm-up eval failed: ${outcome.error.message}`);
  }
  // Nothing of a user's has run: no need to watch it until its first real eval.
  guest.handOver();
  return guest;
}

export class WarmSet {
  lastUsed = performance.now();
  private readonly ready: GuestProcess[] = [];
  private readonly starting = new Set<Promise<unknown>>();
  /**
   * Callers of {@link take} each promised one of the starts under way, in order; given undefined
   * when theirs fails or the set is disposed, and then they start their own.
   */
  private readonly waiters: ((guest: GuestProcess | undefined) => void)[] = [];
  private disposed = false;
  /** Set after a background start failed: no more until a caller starts one and succeeds. */
  private failing = false;

  /** Processes handed out so far: settings used once keep one warm process, not `size`. */
  private uses = 0;
  /** `warm()` asked for this set by name: keep `size` from the start. */
  private wanted = false;

  constructor(
    private readonly launch: GuestLaunch,
    private readonly memoryLimit: number,
    private readonly size: number,
    private readonly budget: ProcessBudget,
  ) {}

  /**
   * Ready or starting processes to keep: one after the first use, `size` once the settings are
   * used again while the set lives (within idleMs of its last use) or were warmed on purpose.
   * Settings used once (a one-off memoryLimit, say) thus cost one idle process, not `size`.
   */
  private get target(): number {
    return this.wanted || this.uses > 1 ? this.size : Math.min(1, this.size);
  }

  /**
   * A never-used process: a ready one when there is one, else the next background start that no
   * other caller is waiting for (closer to ready than a new one, and no extra spawn while the
   * machine is busy starting), else one started now. It is not replaced here: the caller calls
   * {@link refillSoon} once the process is busy with its work, because spawning blocks the host's
   * event loop for ~5 ms (measured: a pooled run took 6-8 ms instead of ~1 ms when its
   * replacement was spawned while its result was due).
   */
  async take(): Promise<GuestProcess> {
    this.lastUsed = performance.now();
    this.uses++;
    let guest = this.ready.shift();
    while (guest?.termination) guest = this.ready.shift(); // died while idle
    if (guest) return guest;
    if (this.starting.size > this.waiters.length) {
      const started = await new Promise<GuestProcess | undefined>((r) => this.waiters.push(r));
      if (started) return started;
    }
    await this.budget.take();
    const started = await this.budget.start(this.launch, this.memoryLimit);
    this.failing = false;
    return started;
  }

  /** Keeps `size` processes from now on, and starts them. */
  warm(): void {
    this.wanted = true;
    this.refill();
  }

  /** Refills on a later turn of the event loop. */
  refillSoon(): void {
    setImmediate(() => this.refill());
  }

  /**
   * Starts processes in the background until `target` are ready or starting, as far as the
   * budget has permits free.
   */
  refill(): void {
    while (
      !this.disposed &&
      !this.failing &&
      this.ready.length + this.starting.size < this.target &&
      this.budget.tryTake()
    ) {
      const start: Promise<unknown> = this.budget
        .start(this.launch, this.memoryLimit)
        .then(warmUp)
        .then(
          (guest) => {
            this.starting.delete(start);
            if (this.disposed) {
              guest.terminate({ kind: 'disposed', detail: 'the pool was disposed' });
              return guest.exited;
            }
            const waiter = this.waiters.shift();
            if (waiter) waiter(guest);
            else if (this.budget.short) this.budget.evict(guest);
            else this.ready.push(guest);
            return undefined;
          },
          () => {
            this.starting.delete(start);
            this.failing = true; // the next take() starts one itself and reports why it fails
            this.waiters.shift()?.(undefined);
          },
        );
      this.starting.add(start);
    }
  }

  /** Ends every ready process, and those still starting as soon as they are up. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
    const ending = this.ready.splice(0);
    for (const guest of ending)
      guest.terminate({ kind: 'disposed', detail: 'the pool was disposed' });
    await Promise.all([...ending.map((guest) => guest.exited), ...this.starting]);
  }

  /** Ends the oldest ready process to free its permit; false when none is ready. */
  evictOne(): boolean {
    const guest = this.ready.shift();
    if (!guest) return false;
    this.budget.evict(guest);
    return true;
  }

  get readyCount(): number {
    return this.ready.length;
  }

  get startingCount(): number {
    return this.starting.size;
  }
}
