/**
 * The process limit, from a script that holds Bun's API (the test-only escaped guest: the realm
 * itself no longer lets a script reach it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run } from '../src/index.js';
import { useEscapedGuest } from './support/escaped-guest.js';

useEscapedGuest();

describe('limits: processes', () => {
  test('a script that escapes the realm and spawns a process is stopped', async () => {
    const code = `Bun.spawn(["/usr/bin/sleep", "10"]); await new Promise((r) => setTimeout(r, 2000))`;
    await assert.rejects(run(code, { timeoutMs: 5000 }), {
      name: 'SandboxError',
      code: 'PROCESS_LIMIT',
    });
  });

  test('a process that would exit at once never runs: the kernel ends the guest at the attempt', async () => {
    // Before the guest's seccomp rule, one that ended before the next process scan went unseen.
    const code = `let r; try { r = Bun.spawnSync(["/usr/bin/true"]).exitCode } catch (e) { r = String(e) } r`;
    await assert.rejects(run(code, { timeoutMs: 5000 }), {
      name: 'SandboxError',
      code: 'PROCESS_LIMIT',
      message: /^the script tried to start a process, and the kernel ended it; /,
    });
  });

  test('a fork bomb ends in an error, not a stuck host', async () => {
    const code = `for (let i = 0; i < 10000; i++) { try { Bun.spawn(["/usr/bin/sleep", "10"]) } catch {} } 1`;
    await assert.rejects(run(code, { timeoutMs: 5000 }), (error: Error & { name: string }) => {
      assert.ok(
        ['SandboxError', 'TimeoutError', 'MemoryLimitError'].includes(error.name),
        error.name,
      );
      return true;
    });
  });
});
