/**
 * A token's `concurrency` ceiling: its requests in progress at once. Past it the request is
 * refused at once (429 with Retry-After) rather than queued, so that one tenant cannot fill the
 * node's queue; the node's own queue (the pool's maxQueue) answers 429 the same way.
 */
import { SandboxError } from '../../errors.js';
import type { Caller } from './callers.js';
import { Refusal } from './refusal.js';

export class Admission {
  private readonly active = new Map<number, number>();

  async admit<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
    const most = caller.ceilings.concurrency;
    const now = this.active.get(caller.key) ?? 0;
    if (most !== undefined && now >= most)
      throw new Refusal(
        429,
        new SandboxError(
          'QUEUE_FULL',
          `this token already has ${most} requests in progress (its concurrency ceiling)`,
        ),
      );
    this.active.set(caller.key, now + 1);
    try {
      return await work();
    } finally {
      const left = (this.active.get(caller.key) ?? 1) - 1;
      if (left === 0) this.active.delete(caller.key);
      else this.active.set(caller.key, left);
    }
  }
}
