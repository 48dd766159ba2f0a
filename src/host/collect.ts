/**
 * Garbage collection between the evals of a long-lived guest (a Sandbox).
 *
 * The watchdog counts resident memory: the host cannot see what a script holds live, and must not
 * take the guest's word for it. But JavaScriptCore lets its heap grow by what is allocated, not by
 * what survives, and the allocator keeps freed pages for a while, so the garbage of earlier evals
 * piles up in resident memory: a Sandbox with a 16 MiB limit whose evals each build and drop ~4 MB
 * died of MemoryLimitError by its 8th-19th eval. When an eval leaves the guest holding more than
 * a quarter of its limit, and it grew, the host asks the guest for a full collection before the
 * next eval; the same workload then peaks at ~7-12 MiB over 100 evals.
 *
 * The limit does not move: the host still kills at baseline + memoryLimit, measured by itself. A
 * guest that ignores the request (a script that escaped and replaced Bun.gc) keeps its garbage and
 * is stopped there, as before.
 */
import type { ResolvedOptions } from '../options.js';
import { PROTOCOL_VERSION } from '../protocol/frames.js';
import type { Outcome } from '../result.js';
import { exchange } from './evaluation.js';
import type { GuestProcess } from './guest-process.js';

/** Share of memoryLimit in use after an eval above which the guest may be asked to collect. */
const COLLECT_ABOVE = 1 / 4;
/**
 * Growth of the last eval, as a share of memoryLimit, that warrants a collection: a guest that
 * holds much live data but allocates little per eval must not pay a full collection per eval.
 */
const COLLECT_GROWTH = 1 / 32;
/** Floor of a collection's budgets: a full collection of a large heap outlasts a tight timeoutMs. */
const COLLECT_MIN_BUDGET_MS = 2000;

type CollectOptions = Pick<
  ResolvedOptions,
  'timeoutMs' | 'cpuTimeMs' | 'consoleMaxBytes' | 'memoryLimit' | 'http'
>;

/** One per long-lived guest: decides after each eval whether it collects, and asks it to. */
export class GarbageCollection {
  /** Memory in use when the previous eval (or collection) ended. */
  private previous = 0;

  constructor(
    private readonly guest: GuestProcess,
    private readonly options: CollectOptions,
  ) {}

  /** Call once after each eval: collects if that eval left enough behind, before the next one. */
  async afterEval(): Promise<void> {
    const used = this.guest.watchdog?.usedAtRest ?? 0;
    const grew = used - this.previous;
    this.previous = used;
    const limit = this.options.memoryLimit;
    if (this.guest.termination || used <= limit * COLLECT_ABOVE || grew <= limit * COLLECT_GROWTH)
      return;
    await this.collect();
  }

  /**
   * Asks the guest to collect, under the same enforcement as an eval (deadline, CPU budget,
   * memory). Whatever ends it ends the process as it would an eval; the outcome is nobody's
   * result (the next eval reports SANDBOX_CLOSED with its cause).
   */
  async collect(): Promise<Outcome> {
    const options = this.options;
    const outcome = await exchange(
      this.guest,
      (id) => ({ v: PROTOCOL_VERSION, type: 'collect', id }),
      {
        ...options,
        timeoutMs: Math.max(options.timeoutMs, COLLECT_MIN_BUDGET_MS),
        cpuTimeMs: Math.max(options.cpuTimeMs, COLLECT_MIN_BUDGET_MS),
      },
    );
    this.previous = this.guest.watchdog?.usedAtRest ?? 0;
    return outcome;
  }
}
