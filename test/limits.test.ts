import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Pool, run, Sandbox } from '../src/index.js';
import type { Outcome } from '../src/result.js';
import { MEMORY_BOMBS } from './support/memory-bombs.js';

const MiB = 1024 * 1024;
/** The realm is hygiene: this reaches the host realm's Function and from there `Bun`. */

// A busy loop uses CPU as fast as wall-clock time (faster, counting JIT and GC threads), so the
// tests of the wall clock give the CPU budget room: with both at 300 ms either may trip first.
const wallOnly = { timeoutMs: 300, cpuTimeMs: 60_000 };

describe('limits: time', () => {
  test('times out a synchronous infinite loop', async () => {
    await assert.rejects(run('for (;;) {}', wallOnly), {
      name: 'TimeoutError',
      code: 'WALL_TIMEOUT',
    });
  });

  test('times out a script that awaits forever', async () => {
    await assert.rejects(run('await new Promise(() => {})', { timeoutMs: 300 }), {
      name: 'TimeoutError',
      code: 'WALL_TIMEOUT',
    });
  });

  test('times out an interval that is never cleared (pending work counts)', async () => {
    await assert.rejects(run('setInterval(() => {}, 10); 1', { timeoutMs: 300 }), {
      name: 'TimeoutError',
      code: 'WALL_TIMEOUT',
    });
  });

  test('times out a microtask loop', async () => {
    await assert.rejects(
      // Each turn allocates a promise: room in memoryLimit, so that time is what ends it.
      run('const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {})', {
        ...wallOnly,
        memoryLimit: '1gb',
      }),
      { name: 'TimeoutError', code: 'WALL_TIMEOUT' },
    );
  });

  test('times out a catastrophic regex', async () => {
    await assert.rejects(run('/^(a+)+$/.test("a".repeat(40) + "b")', wallOnly), {
      name: 'TimeoutError',
      code: 'WALL_TIMEOUT',
    });
  });

  test('a timeout cannot be caught by the script', async () => {
    const code = 'try { for (;;) {} } catch (e) { "caught" } finally { "finally" }';
    await assert.rejects(run(code, { timeoutMs: 300 }), { name: 'TimeoutError' });
  });

  test('enforces a CPU-time budget smaller than the wall clock', async () => {
    await assert.rejects(run('for (;;) {}', { timeoutMs: 5000, cpuTimeMs: 200 }), {
      name: 'TimeoutError',
      code: 'CPU_TIMEOUT',
    });
  });

  test('keeps the console output produced before the timeout', async () => {
    await assert.rejects(run('console.log("started"); for (;;) {}', { timeoutMs: 300 }), {
      name: 'TimeoutError',
      console: 'started\n',
    });
  });
});

describe('limits: memory', () => {
  for (const [name, code] of Object.entries(MEMORY_BOMBS)) {
    test(`stops ${name} with MemoryLimitError`, async () => {
      await assert.rejects(run(code, { memoryLimit: 64 * MiB, timeoutMs: 20_000 }), {
        name: 'MemoryLimitError',
        code: 'MEMORY_LIMIT',
      });
    });
  }

  test('lets a script use memory under the limit and reports its peak', async () => {
    const result = await run('new Uint8Array(24 * 1024 * 1024).fill(1).length', {
      memoryLimit: '64mb',
    });
    assert.equal(result.value, 24 * MiB);
    assert.ok(result.stats.peakMemoryBytes >= 20 * MiB, `peak ${result.stats.peakMemoryBytes}`);
    assert.ok(
      result.stats.peakMemoryBytes <= 64 * MiB * 1.1,
      `peak ${result.stats.peakMemoryBytes}`,
    );
  });

  test('honours a small limit', async () => {
    await assert.rejects(
      run('new Uint8Array(16 * 1024 * 1024).fill(1).length', { memoryLimit: '8mb' }),
      { name: 'MemoryLimitError' },
    );
  });
});

// Back-to-back evals mostly find the enforcing thread still polling at the busy rate, and then
// do not wake it (host/enforcement-state.ts): the eval after them must be watched all the same.
describe('limits: memory, right after back-to-back evals', () => {
  const limit = 64 * MiB;
  const assertStopped = (outcome: Outcome) => {
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.error.name, 'MemoryLimitError');
    assert.equal(!outcome.ok && outcome.error.code, 'MEMORY_LIMIT');
    assert.ok(
      outcome.stats.peakMemoryBytes <= limit * 1.1,
      `peak ${outcome.stats.peakMemoryBytes}`,
    );
  };

  for (const [name, code] of Object.entries(MEMORY_BOMBS)) {
    test(`a Sandbox: 200 evals of 1+1, then ${name}`, async () => {
      const sandbox = await Sandbox.create({ memoryLimit: limit, timeoutMs: 20_000 });
      try {
        for (let i = 0; i < 200; i++) assert.equal((await sandbox.eval('1+1')).value, 2);
        assertStopped(await sandbox.evalOutcome(code));
      } finally {
        await sandbox.dispose();
      }
    });
  }

  test('a tenant: 200 runs of 1+1, then each bomb', async () => {
    const pool = new Pool({ size: 0 });
    const options = { memoryLimit: limit, timeoutMs: 20_000, tenant: 'back-to-back' };
    try {
      for (const code of Object.values(MEMORY_BOMBS)) {
        for (let i = 0; i < 200; i++) assert.equal((await pool.run('1+1', options)).value, 2);
        await assert.rejects(pool.run(code, options), (error: Error & { code?: string }) => {
          assert.equal(error.name, 'MemoryLimitError');
          assert.equal(error.code, 'MEMORY_LIMIT');
          return true;
        });
      }
    } finally {
      await pool.dispose();
    }
  });
});

describe('limits: stack and strings', () => {
  test('deep recursion is a RangeError, reported as JavaScriptError', async () => {
    await assert.rejects(run('const f = (n) => f(n + 1) + 1; f(0)'), {
      name: 'JavaScriptError',
      message: /^RangeError: Maximum call stack size exceeded/,
    });
  });

  test('stackLimit bounds recursion depth', async () => {
    const depth = 'let d = 0; const f = () => { d++; f() }; try { f() } catch { } d';
    const small = (await run(depth, { stackLimit: '1mb' })).value as number;
    const large = (await run(depth, { stackLimit: '4mb' })).value as number;
    assert.ok(small > 100 && small * 2 < large, `1mb: ${small} frames, 4mb: ${large} frames`);
  });

  test('maxStringLength stops string-building built-ins with a RangeError', async () => {
    await assert.rejects(run('"ab".repeat(1000)', { maxStringLength: 1000 }), {
      name: 'JavaScriptError',
      message: 'RangeError: string length 2000 exceeds maxStringLength 1000',
    });
    await assert.rejects(run('"x".padEnd(5000)', { maxStringLength: 1000 }), {
      name: 'JavaScriptError',
      message: /^RangeError/,
    });
    await assert.rejects(run('new Array(3000).fill("a").join("")', { maxStringLength: 1000 }), {
      name: 'JavaScriptError',
      message: /^RangeError/,
    });
    assert.equal((await run('"ab".repeat(500).length', { maxStringLength: 1000 })).value, 1000);
  });
});
