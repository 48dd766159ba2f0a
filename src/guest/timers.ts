/**
 * Timers for the guest realm. The host-realm timers are wrapped so that the guest runtime knows
 * when user work is still pending: an eval ends only when its value has settled and no timer
 * of the script is left (the wall-clock budget covers all of it).
 */
import { PendingWork } from './pending.js';

type Callback = (...args: unknown[]) => void;

export class TimerTracker {
  private readonly live = new PendingWork<ReturnType<typeof setTimeout>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  get pending(): number {
    return this.live.pending;
  }

  setTimeout(callback: unknown, delay?: unknown, ...args: unknown[]): number {
    return this.schedule(callback, delay, args, false);
  }

  setInterval(callback: unknown, delay?: unknown, ...args: unknown[]): number {
    return this.schedule(callback, delay, args, true);
  }

  clear(id: unknown): void {
    const handle = this.live.take(Number(id));
    if (handle !== undefined) clearTimeout(handle);
  }

  /**
   * The realm's run is over: its timers are cancelled and it can schedule no more (a call
   * schedules nothing), so none of its code runs in a later run of the process.
   */
  close(): void {
    this.closed = true;
    for (const id of this.live.ids()) clearTimeout(this.live.take(id));
  }

  /** The eval that scheduled them timed out: its pending timers are cancelled, unlike close(). */
  abandon(): void {
    for (const id of this.live.ids()) clearTimeout(this.live.take(id));
  }

  /** Resolves once no timer is pending. */
  idle(): Promise<void> {
    return this.live.idle();
  }

  private schedule(callback: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    // Strings would be compiled like eval; the realm refuses code generation from strings.
    if (typeof callback !== 'function') throw new TypeError('timer callback must be a function');
    const id = this.nextId++;
    if (this.closed) return id;
    const ms = Math.max(0, Number(delay) || 0);
    const fire = () => {
      // Idle waiters resume in a microtask, after the callback (which may schedule more).
      if (!repeat) this.live.take(id);
      try {
        (callback as Callback)(...args);
      } catch (error) {
        this.onError(error);
      }
    };
    this.live.add(id, repeat ? setInterval(fire, ms) : setTimeout(fire, ms));
    return id;
  }
}
