/**
 * The poll rate the main thread asks of the enforcing thread (src/host/enforcement-state.ts):
 * a wake-up of the other thread is the dearest part of an eval's bookkeeping, so only a faster
 * rate sends one; a slower rate is read by the watchdog at its next poll.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnforcementState, type PollRate } from '../../src/host/enforcement-state.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the poll rate', () => {
  test('wakes the waiter for a faster rate only, and every rate is readable at once', async () => {
    const state = new EnforcementState();
    const woken: PollRate[] = [];
    let stopped = false;
    state.onRateChange(
      (rate) => woken.push(rate),
      () => stopped,
    );
    const read: PollRate[] = [];
    for (const rate of ['busy', 'idle', 'resting', 'idle', 'busy', 'paused'] as const) {
      state.rate = rate;
      read.push(state.rate);
      await settle();
    }
    stopped = true;
    state.wake();
    await settle();
    assert.deepEqual(read, ['busy', 'idle', 'resting', 'idle', 'busy', 'paused']);
    // The first call is the rate at the start (paused); then busy, idle after resting, busy.
    assert.deepEqual(woken, ['paused', 'busy', 'idle', 'busy']);
  });
});
