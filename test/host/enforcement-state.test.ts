/**
 * The poll rate the main thread asks of the enforcing thread (src/host/enforcement-state.ts):
 * a wake-up of the other thread is the dearest part of an eval's bookkeeping, so one is sent
 * only for a rate faster than the one the watchdog follows; it reads the others at its polls.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnforcementState, type PollRate } from '../../src/host/enforcement-state.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the poll rate', () => {
  test('wakes the waiter only for a rate faster than the one followed', async () => {
    const state = new EnforcementState();
    const woken: PollRate[] = [];
    let stopped = false;
    // What the watchdog does when woken, and at each of its polls.
    state.onRateChange(
      (rate) => {
        woken.push(rate);
        state.followed = rate;
      },
      () => stopped,
    );
    const poll = () => (state.followed = state.rate);
    const steps: [PollRate | 'poll', PollRate[]][] = [
      ['busy', ['paused', 'busy']], // faster than paused (followed at the start)
      ['idle', []],
      ['busy', []], // the watchdog still follows busy: back-to-back evals
      ['idle', []],
      ['poll', []], // it has seen idle
      ['resting', []],
      ['idle', []], // it still follows idle: it never saw resting
      ['busy', ['busy']],
      ['paused', []],
    ];
    for (const [step] of steps) {
      if (step === 'poll') poll();
      else {
        state.rate = step;
        assert.equal(state.rate, step);
      }
      await settle();
    }
    stopped = true;
    state.wake();
    await settle();
    assert.deepEqual(
      woken,
      steps.flatMap(([, expected]) => expected),
    );
  });
});
