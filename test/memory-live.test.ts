/**
 * A long-lived Sandbox is stopped for what its script holds live, not for the garbage of its
 * earlier evals: the host asks the guest to collect between evals (src/host/collect.ts), and the
 * limit it enforces on resident memory stays where it was.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Pool, Sandbox } from '../src/index.js';
import { MEMORY_BOMBS } from './support/memory-bombs.js';

const MiB = 1024 * 1024;
/** Builds ~4 MB and drops it: each eval leaves only garbage (and `a`, ~1 MB) behind. */
const GARBAGE =
  "var a = []; for (var i = 0; i < 10000; i++) a.push({id: i, name: 'n' + i}); JSON.parse(JSON.stringify(a)).length";

describe('memory: live data, not garbage', () => {
  test('a 16 MiB Sandbox survives 100 evals that each build and drop ~4 MB', async () => {
    const sandbox = await Sandbox.create({ memoryLimit: '16mb' });
    try {
      for (let i = 1; i <= 100; i++) {
        const outcome = await sandbox.evalOutcome(GARBAGE);
        assert.ok(outcome.ok, `eval ${i}: ${outcome.ok ? '' : outcome.error.message}`);
        assert.equal(outcome.value, 10000);
        assert.ok(outcome.stats.peakMemoryBytes < 16 * MiB);
      }
    } finally {
      await sandbox.dispose();
    }
  });

  test('data kept live across evals still ends in MemoryLimitError within 10% of the limit', async () => {
    const limit = 16 * MiB;
    const sandbox = await Sandbox.create({ memoryLimit: limit });
    const keep =
      'globalThis.keep ??= []; keep.push(new Uint8Array(2 * 1024 * 1024).fill(1)); keep.length';
    try {
      let evals = 0;
      let outcome;
      do outcome = await sandbox.evalOutcome(keep);
      while (outcome.ok && ++evals < 20);
      assert.equal(outcome.ok, false);
      // 2 MiB per eval: the 8th passes 16 MiB; collections in between free none of it.
      assert.ok(evals >= 5 && evals <= 8, `stopped after ${evals} evals`);
      // The limit may be crossed just after an eval answered (the runtime's own allocations):
      // then the watchdog ends it there, and the next eval reports that cause (seen in CI).
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

  for (const [name, code] of Object.entries(MEMORY_BOMBS)) {
    test(`after collections, still stops ${name} with MemoryLimitError within 10% of the limit`, async () => {
      const limit = 64 * MiB;
      const sandbox = await Sandbox.create({ memoryLimit: limit, timeoutMs: 20_000 });
      try {
        // Enough garbage to pass a quarter of the limit: the guest has collected before the bomb.
        for (let i = 0; i < 20; i++) assert.equal((await sandbox.eval(GARBAGE)).value, 10000);
        const outcome = await sandbox.evalOutcome(code);
        assert.equal(outcome.ok, false);
        assert.equal(outcome.error.name, 'MemoryLimitError');
        assert.equal(outcome.error.code, 'MEMORY_LIMIT');
        // Not over by more than 10%. (String doubling builds ropes: JSC refuses the length with its
        // own out-of-memory error, reported as MemoryLimitError, long before the limit.)
        const peak = outcome.stats.peakMemoryBytes;
        assert.ok(peak <= limit * 1.1, `peak ${peak}`);
      } finally {
        await sandbox.dispose();
      }
    });
  }
  test('a tenant process serves 100 runs that each build and drop ~4 MB under 16 MiB', async () => {
    const pool = new Pool({ size: 1 });
    const options = { memoryLimit: '16mb', tenant: 'garbage' } as const;
    const processes = new Set<number>();
    try {
      for (let i = 1; i <= 100; i++) {
        const result = await pool.run(`${GARBAGE}; [performance.timeOrigin, a.length]`, options);
        const [origin, length] = result.value as [number, number];
        assert.equal(length, 10000, `run ${i}`);
        assert.ok(result.stats.peakMemoryBytes < 16 * MiB, `run ${i}`);
        processes.add(origin);
      }
      // Runs one after another wait for the collection rather than take a new process.
      assert.equal(processes.size, 1, `${processes.size} processes served the 100 runs`);
    } finally {
      await pool.dispose();
    }
  });
});
