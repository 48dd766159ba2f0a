/**
 * The enforcing thread's schedule (src/host/poll-loop.ts): a thread with less time than its
 * guests ask for must still reach every one of them in turn.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PollLoop, type Polled } from '../../src/host/poll-loop.js';

/** A member due every `everyMs` whose poll takes `costMs` of this thread's time. */
class Member implements Polled {
  dueAt = performance.now();
  polls = 0;
  constructor(
    private readonly everyMs: number,
    private readonly costMs: number,
  ) {}
  poll(now: number): void {
    this.polls++;
    const end = performance.now() + this.costMs;
    while (performance.now() < end) {
      // the work a /proc read stands for
    }
    this.dueAt = now + this.everyMs;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the enforcing thread polls every guest in turn', () => {
  test('asked for 25 times the time it has, it still polls all 50 members about equally', async () => {
    const loop = new PollLoop();
    // 50 members due every millisecond, 0.5 ms each: 25 ms of work asked per ms.
    const members = Array.from({ length: 50 }, () => new Member(1, 0.5));
    for (const member of members) loop.add(member);
    await sleep(1000);
    for (const member of members) loop.remove(member);
    const counts = members.map((member) => member.polls);
    const fewest = Math.min(...counts);
    const most = Math.max(...counts);
    // ~1 s / (50 × 0.5 ms) = ~40 passes; a cut pass resumes where it stopped.
    assert.ok(fewest >= 10, `polls per member ${counts.join(',')}`);
    assert.ok(most - fewest <= 2, `polls per member ${counts.join(',')}`);
  });

  test('a long pass yields to the event loop between slices', async () => {
    const loop = new PollLoop();
    const members = Array.from({ length: 40 }, () => new Member(1, 0.5));
    for (const member of members) loop.add(member);
    const polls = () => members.reduce((sum, member) => sum + member.polls, 0);
    // A pass of 40 × 0.5 ms: a timer due meanwhile runs after its first slice, not after it all.
    const polledBeforeTimer = await new Promise<number>((resolve) =>
      setTimeout(() => resolve(polls()), 1),
    );
    for (const member of members) loop.remove(member);
    assert.ok(polledBeforeTimer > 0 && polledBeforeTimer < 40, `${polledBeforeTimer} polls`);
  });

  test('a removed member is not polled again; a member due later waits until then', async () => {
    const loop = new PollLoop();
    const gone = new Member(1, 0);
    const later = new Member(1, 0);
    later.dueAt = performance.now() + 200;
    loop.add(gone);
    loop.add(later);
    await sleep(20);
    loop.remove(gone);
    const pollsWhenRemoved = gone.polls;
    assert.ok(pollsWhenRemoved > 0);
    assert.equal(later.polls, 0);
    await sleep(300);
    assert.equal(gone.polls, pollsWhenRemoved);
    assert.ok(later.polls > 0);
    loop.remove(later);
  });

  test('a member that was never due (paused) is not polled until it asks', async () => {
    const loop = new PollLoop();
    const paused = new Member(1, 0);
    paused.dueAt = Infinity;
    loop.add(paused);
    await sleep(50);
    assert.equal(paused.polls, 0);
    paused.dueAt = performance.now();
    loop.wake(paused.dueAt);
    await sleep(50);
    assert.ok(paused.polls > 0);
    loop.remove(paused);
  });
});
