/**
 * A guest that escaped the realm cannot make the host count less than it holds: collecting between
 * evals is the guest's help, never the limit. (guest: escaped — every sandbox of this file hands
 * the script Bun's API.)
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { Sandbox } from '../src/index.js';
import { useEscapedGuest } from './support/escaped-guest.js';

useEscapedGuest();

const MiB = 1024 * 1024;
const GARBAGE =
  "var a = []; for (var i = 0; i < 10000; i++) a.push({id: i, name: 'n' + i}); JSON.parse(JSON.stringify(a)).length";

describe('memory: a hostile guest under collection', () => {
  test('a guest that ignores the requests to collect is stopped at the limit', async () => {
    const limit = 16 * MiB;
    const sandbox = await Sandbox.create({ memoryLimit: limit });
    try {
      // The guest runtime collects through Bun.gc: replaced, every request does nothing.
      assert.equal((await sandbox.eval('Bun.gc = () => 0; typeof Bun.gc')).value, 'function');
      let evals = 0;
      let outcome;
      do outcome = await sandbox.evalOutcome(GARBAGE);
      while (outcome.ok && ++evals < 100);
      assert.equal(outcome.ok, false, 'the garbage was never collected, yet it survived');
      // The limit may be crossed between two evals (the runtime's own allocations after an
      // answer): then the watchdog ends it there, and the next eval reports that cause.
      if (outcome.error.code === 'SANDBOX_CLOSED') {
        assert.match(outcome.error.message, /terminated earlier \(MemoryLimitError: /);
        return;
      }
      assert.equal(outcome.error.name, 'MemoryLimitError');
      assert.equal(outcome.error.code, 'MEMORY_LIMIT');
      const peak = outcome.stats.peakMemoryBytes;
      assert.ok(peak > limit && peak <= limit * 1.1, `peak ${peak}`);
    } finally {
      await sandbox.dispose();
    }
  });

  test(
    'a guest that never answers the request to collect is stopped by its deadline',
    { timeout: 30_000 },
    async () => {
      // 32 MiB, not 16: the first eval's own runtime overhead once took 6 MiB live past 16 MiB.
      const sandbox = await Sandbox.create({ memoryLimit: '32mb', timeoutMs: 500 });
      try {
        // 12 MiB live (over a quarter of the limit) asks for a collection, which then blocks for
        // good (and uses no CPU).
        const code =
          'Bun.gc = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); ' +
          'globalThis.keep = new Uint8Array(12 * 1024 * 1024).fill(1); 1';
        assert.equal((await sandbox.eval(code)).value, 1);
        const outcome = await sandbox.evalOutcome('1');
        assert.equal(outcome.ok, false);
        assert.equal(outcome.error.code, 'SANDBOX_CLOSED');
        assert.match(outcome.error.message, /terminated earlier \(TimeoutError: /);
      } finally {
        await sandbox.dispose();
      }
    },
  );

  test('a guest that keeps allocating between evals is stopped there', async () => {
    const sandbox = await Sandbox.create({ memoryLimit: '16mb' });
    try {
      // Bun's own timers: the eval does not wait for them, and nothing of the guest's tracks them.
      const code =
        'const keep = []; BunRealm.setInterval(() => keep.push(new Uint8Array(1 << 20).fill(1)), 5); 1';
      assert.equal((await sandbox.eval(code)).value, 1);
      await sleep(1000);
      const outcome = await sandbox.evalOutcome('1');
      assert.equal(outcome.ok, false);
      assert.equal(outcome.error.code, 'SANDBOX_CLOSED');
      assert.match(outcome.error.message, /terminated earlier \(MemoryLimitError: /);
    } finally {
      await sandbox.dispose();
    }
  });
});
