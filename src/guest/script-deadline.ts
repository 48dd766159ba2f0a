/**
 * The mquickjs dialect's time budget (EvalFrame.timeoutMs): it counts from the moment the script
 * starts, as mquickjs-ruby's timeout_ms does, not from when the host sent the code. The host's
 * own deadline allows for the way here (src/host/script-clock.ts) and stays the backstop.
 *
 * The guest stops the script itself where it can, and the realm keeps its globals:
 * - its synchronous part: node:vm's `timeout` (JavaScriptCore's watchdog) interrupts it, and the
 *   script can neither catch that nor run a `finally` (measured, Bun 1.4.5);
 * - a wait past the budget (a promise, a timer): a timer of the guest's ends the eval, and the
 *   script's pending timers are dropped.
 * Script code running past the budget after an `await` or in a timer callback cannot be stopped
 * from here: the host kills the process at its deadline, and the globals are gone.
 */
import vm from 'node:vm';
import type { GuestErrorInfo } from '../protocol/frames.js';

/**
 * Budgets under this are raised to it. The watchdog fires by the wall clock, so a guest kept off
 * its CPU while it ran `1+1` timed out: 4 of 10,000 runs under `timeout: 1` in a bare Bun at
 * SCHED_IDLE (as sandboxes run), load ~140 on 2 cores; in sandboxes next to a soak, 1 of 150
 * first evals with a 20 ms floor (held off their CPU for 20-75 ms), and 1 of 930 small evals
 * with a 50 ms floor at load ~20-70. mquickjs looks at its clock only every 10,000 operations,
 * so a script that small never times out there.
 */
export const MIN_BUDGET_MS = 100;

/**
 * The first run under a timeout starts JavaScriptCore's watchdog thread, which took 3.5-38 ms
 * under load (SCHED_IDLE, load ~150 on 2 cores; ~1 ms when idle): done once, before the clock
 * starts, and only in processes that need it.
 */
let watchdogArmed = false;
function armWatchdog(context: vm.Context): void {
  if (watchdogArmed) return;
  new vm.Script('0').runInContext(context, { timeout: 60_000 });
  watchdogArmed = true;
}

/** The guest's own timer saw the budget spent while the eval waited. */
class BudgetSpent extends Error {}

export class ScriptDeadline {
  private readonly budgetMs: number;
  private startedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly timeoutMs: number) {
    this.budgetMs = Math.max(timeoutMs, MIN_BUDGET_MS);
  }

  /** The clock starts now; the options interrupt the script's synchronous part at the budget. */
  start(context: vm.Context): vm.RunningScriptOptions {
    armWatchdog(context);
    this.startedAt = performance.now();
    return { timeout: this.budgetMs };
  }

  /**
   * Rejects once the budget is spent while `waiting()` says the eval still waits for the script
   * (a settled script with nothing pending is finishing, however late its last turn came).
   */
  expiry(waiting: () => boolean): Promise<never> {
    return new Promise<never>((_, reject) => {
      const check = () => {
        const left = this.budgetMs - (performance.now() - this.startedAt);
        if (left > 0) this.timer = setTimeout(check, Math.ceil(left));
        else if (waiting()) reject(new BudgetSpent());
        // Its last turn may still schedule something: look again until stop().
        else this.timer = setTimeout(check, 1);
      };
      check();
    });
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Whether `error` is this deadline ending the script (the watchdog's or the timer's). */
  ended(error: unknown): boolean {
    if (error instanceof BudgetSpent) return true;
    return (
      error instanceof Error &&
      (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
    );
  }

  info(): GuestErrorInfo {
    return {
      name: 'TimeoutError',
      code: 'WALL_TIMEOUT',
      message: `the script ran longer than timeoutMs (${this.timeoutMs} ms)`,
    };
  }
}
