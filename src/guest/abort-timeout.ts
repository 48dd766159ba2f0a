/**
 * `AbortSignal.timeout` on a timer the current realm owns. Bun's own starts a timer of the
 * runtime's that no realm can cancel: a listener a tenant's run left on it would be woken during
 * the tenant's next run in that process (issue 12). This one's timer is cleared when its realm's
 * run is over (realm-lease.ts); an eval does not wait for it, as it does not for Bun's.
 */
type Timer = ReturnType<typeof setTimeout>;

let owner: Set<Timer> | undefined;

/** The timers `AbortSignal.timeout` starts from now on are added to `timers`. */
export function ownAbortTimeouts(timers: Set<Timer>): void {
  owner = timers;
}

/** Replaces `AbortSignal.timeout`. Once, before the runtime realm is frozen. */
export function tameAbortTimeout(): void {
  Object.defineProperty(AbortSignal, 'timeout', {
    value: function timeout(milliseconds: unknown): AbortSignal {
      const delay = Number(milliseconds);
      if (!Number.isFinite(delay) || delay < 0)
        throw new TypeError('AbortSignal.timeout: the delay must be a non-negative number');
      const controller = new AbortController();
      const timers = owner;
      const timer = setTimeout(() => {
        timers?.delete(timer);
        controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
      }, delay);
      timers?.add(timer);
      return controller.signal;
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
