/**
 * What the host reports about a run it ended, and what eval ids tell a script. Scripts hold Bun
 * (escaped guest): one needs to start a process, another to write frames of its own.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { run, Sandbox } from '../../src/index.js';
import { defaultPool } from '../../src/default-pool.js';
import type { Outcome } from '../../src/result.js';
import { useEscapedGuest } from '../support/escaped-guest.js';
import { outcome } from '../support/outcome.js';

useEscapedGuest();

function assertCode(result: Outcome, code: string): void {
  assert.equal(result.ok, false, JSON.stringify(result).slice(0, 300));
  assert.equal(!result.ok && result.error.code, code, JSON.stringify(result).slice(0, 300));
}

after(() => defaultPool().dispose());

describe('stats of a run the host ended', () => {
  test('CPU_TIMEOUT reports the CPU time the script used', async () => {
    const result = await outcome('for (;;) {}', { cpuTimeMs: 300, timeoutMs: 20_000 });
    assertCode(result, 'CPU_TIMEOUT');
    assert.ok(result.stats.cpuMs >= 300, `cpuMs ${result.stats.cpuMs}`);
    assert.ok(result.stats.cpuMs < 2000, `cpuMs ${result.stats.cpuMs}`);
  });

  test('MEMORY_LIMIT reports the CPU time the script used', async () => {
    const code = 'const keep = []; for (;;) keep.push(new Uint8Array(1 << 20).fill(1));';
    const result = await outcome(code, { memoryLimit: '64mb', timeoutMs: 20_000 });
    assertCode(result, 'MEMORY_LIMIT');
    assert.ok(result.stats.cpuMs > 0, `cpuMs ${result.stats.cpuMs}`);
    assert.ok(result.stats.peakMemoryBytes > 64 * 1024 * 1024);
  });

  test('PROCESS_LIMIT reports the CPU time the script used', async () => {
    const code = `const end = performance.now() + 200; while (performance.now() < end) {}
      Bun.spawn(["/bin/sleep", "30"]); await new Promise(() => {})`;
    const result = await outcome(code, { timeoutMs: 20_000 });
    assertCode(result, 'PROCESS_LIMIT');
    assert.ok(result.stats.cpuMs >= 100, `cpuMs ${result.stats.cpuMs}`);
  });
});

/** Writes a console frame for `id`: it shows in the console only if `id` is the eval's own. */
const claimId = (id: number) =>
  `await Bun.write(Bun.file(3), '{"v":1,"type":"console","id":${id},"text":"mine\\\\n"}\\n'); "done"`;

describe('eval ids tell a script nothing about other runs', () => {
  test('every run sees id 1, however many ran before it on this host', async () => {
    for (let i = 0; i < 3; i++) {
      const result = await run(claimId(1), { timeoutMs: 20_000 });
      assert.equal(result.console, 'mine\n');
    }
  });

  test("a Sandbox's evals count from 1, whatever other Sandboxes do meanwhile", async () => {
    const [a, b] = await Promise.all([Sandbox.create(), Sandbox.create()]);
    try {
      assert.equal((await a.eval(claimId(1))).console, 'mine\n');
      assert.equal((await b.eval('1')).value, 1);
      assert.equal((await b.eval('2')).value, 2);
      assert.equal((await a.eval(claimId(2))).console, 'mine\n');
      assert.equal((await b.eval(claimId(3))).console, 'mine\n');
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  test('claiming any other id ends the run', async () => {
    await assert.rejects(run(claimId(2), { timeoutMs: 20_000 }), {
      name: 'SandboxError',
      code: 'PROTOCOL_ERROR',
      message: 'the guest sent a console frame for id 2, which is not the eval in flight (1)',
    });
  });
});
