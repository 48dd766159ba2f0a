/** A counting semaphore whose waiters leave the line when their signal aborts. */
export class Slots {
  private used = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly size: number) {}

  /** Resolves with the function that gives the slot back; rejects with the signal's reason. */
  take(signal: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      const grant = () => {
        signal.removeEventListener('abort', leave);
        this.used++;
        let given = false;
        resolve(() => {
          if (given) return;
          given = true;
          this.used--;
          this.next();
        });
      };
      const leave = () => {
        this.waiting.delete(grant);
        reject(signal.reason as Error);
      };
      if (this.used < this.size) return grant();
      signal.addEventListener('abort', leave, { once: true });
      this.waiting.add(grant);
    });
  }

  private next(): void {
    if (this.used >= this.size) return;
    const [first] = this.waiting;
    if (first === undefined) return;
    this.waiting.delete(first);
    first();
  }
}
