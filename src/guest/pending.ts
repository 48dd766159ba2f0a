/**
 * Work of the script that an eval waits for (its timers, its fetches), by id: the eval ends only
 * once every kind of it is idle.
 */
export class PendingWork<V> {
  private readonly items = new Map<number, V>();
  private idleWaiters: (() => void)[] = [];

  get pending(): number {
    return this.items.size;
  }

  add(id: number, value: V): void {
    this.items.set(id, value);
  }

  /** Removes and returns the item; wakes whoever waits for idleness if it was the last. */
  take(id: number): V | undefined {
    const value = this.items.get(id);
    if (!this.items.delete(id)) return undefined;
    if (this.items.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    return value;
  }

  ids(): number[] {
    return [...this.items.keys()];
  }

  /** Resolves once nothing is pending. */
  idle(): Promise<void> {
    if (this.items.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
