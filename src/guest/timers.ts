/**
 * Timers for the guest realm. The host-realm timers are wrapped so that the guest runtime knows
 * when user work is still pending: an eval ends only when its value has settled and no timer
 * of the script is left (the wall-clock budget covers all of it).
 */
type Callback = (...args: unknown[]) => void;

export class TimerTracker {
  private readonly live = new Map<number, ReturnType<typeof setTimeout>>();
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly onError: (error: unknown) => void) {}

  get pending(): number {
    return this.live.size;
  }

  setTimeout(callback: unknown, delay?: unknown, ...args: unknown[]): number {
    return this.schedule(callback, delay, args, false);
  }

  setInterval(callback: unknown, delay?: unknown, ...args: unknown[]): number {
    return this.schedule(callback, delay, args, true);
  }

  clear(id: unknown): void {
    const handle = this.live.get(Number(id));
    if (handle === undefined) return;
    clearTimeout(handle);
    this.live.delete(Number(id));
    this.notifyIfIdle();
  }

  /** Resolves once no timer is pending. */
  idle(): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(callback: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    // Strings would be compiled like eval; the realm refuses code generation from strings.
    if (typeof callback !== 'function') throw new TypeError('timer callback must be a function');
    const id = this.nextId++;
    const ms = Math.max(0, Number(delay) || 0);
    const fire = () => {
      if (!repeat) this.live.delete(id);
      try {
        (callback as Callback)(...args);
      } catch (error) {
        this.onError(error);
      }
      this.notifyIfIdle();
    };
    this.live.set(id, repeat ? setInterval(fire, ms) : setTimeout(fire, ms));
    return id;
  }

  private notifyIfIdle(): void {
    if (this.live.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
