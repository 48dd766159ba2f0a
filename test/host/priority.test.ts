/**
 * Sandboxes yield the CPU to the host (src/host/priority.ts): the guest runs under SCHED_IDLE,
 * every process of a sandbox in a scheduling group lowered to nice 10, and a script holding Bun
 * cannot take either back. Where the kernel has no autogroups there are no groups to lower:
 * skipped, visibly.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { Sandbox } from '../../src/index.js';
import { defaultPool } from '../../src/default-pool.js';
import { SANDBOX_NICE } from '../../src/host/priority.js';
import { descendants } from '../../src/host/proc.js';
import { SPAWNER_TITLE } from '../../src/host/spawner/messages.js';
import { useEscapedGuest } from '../support/escaped-guest.js';

useEscapedGuest();

const skip = existsSync('/proc/self/autogroup')
  ? false
  : 'this kernel has no autogroups (CONFIG_SCHED_AUTOGROUP off)';

const groupNice = (text: string) => /nice (-?\d+)/.exec(text)?.[1];

describe('sandbox CPU priority', { skip }, () => {
  after(() => defaultPool().dispose());

  test('every process of a sandbox is in a lowered scheduling group', async () => {
    const hostGroup = readFileSync('/proc/self/autogroup', 'utf8');
    const before = new Set(descendants(process.pid).map((p) => p.pid));
    const sandbox = await Sandbox.create();
    try {
      const { value: seen } = await sandbox.eval(
        `(await Bun.file('/proc/self/autogroup').text()).trim()`,
      );
      assert.equal(groupNice(String(seen)), String(SANDBOX_NICE));
      const groups = descendants(process.pid)
        // The spawner is the host's own (it starts sandboxes at the host's priority).
        .filter((p) => !before.has(p.pid) && p.comm !== SPAWNER_TITLE)
        .map((p) => readFileSync(`/proc/${p.pid}/autogroup`, 'utf8'));
      // bash and bubblewrap outside, the guest's chain and Bun inside: two sessions, two groups.
      assert.ok(groups.length >= 2, `sandbox processes: ${groups.length}`);
      assert.ok(!groups.includes(hostGroup), 'no sandbox process shares the host group');
      assert.deepEqual([...new Set(groups.map(groupNice))], [String(SANDBOX_NICE)]);
    } finally {
      await sandbox.dispose();
    }
  });

  test('a script holding Bun cannot leave SCHED_IDLE, and raising its group ends the run', async () => {
    const sandbox = await Sandbox.create();
    try {
      const { value } = await sandbox.eval(`
        const libc = Bun.FFI.dlopen('libc.so.6', {
          sched_getscheduler: { args: ['i32'], returns: 'i32' },
          sched_setscheduler: { args: ['i32', 'i32', 'ptr'], returns: 'i32' },
          setpriority: { args: ['i32', 'u32', 'i32'], returns: 'i32' },
        });
        const param = new Int32Array([0]);
        const SCHED_OTHER = 0, SCHED_BATCH = 3;
        [
          libc.symbols.sched_getscheduler(0),
          libc.symbols.sched_setscheduler(0, SCHED_OTHER, param),
          libc.symbols.sched_setscheduler(0, SCHED_BATCH, param),
          libc.symbols.setpriority(0, 0, -1),
          libc.symbols.sched_getscheduler(0),
        ]`);
      // 5 is SCHED_IDLE: leaving it is refused (-1), and so is a negative nice.
      assert.deepEqual(value, [5, -1, -1, -1, 5]);
      // The kernel lets the group's owner set it anywhere from 0 up: the host notices at its next
      // process-tree scan (once a second) and ends the run.
      const raised = await sandbox.evalOutcome(`
        // The kernel takes one change per 100 ms machine-wide from an unprivileged writer: EAGAIN.
        for (let tries = 0; ; tries++) {
          try { await Bun.write('/proc/self/autogroup', '0'); break; }
          catch (error) { if (error.code !== 'EAGAIN' || tries > 50) throw error; }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 5000));
        'still running'`);
      assert.equal(raised.ok, false);
      assert.deepEqual(!raised.ok && [raised.error.name, raised.error.code, raised.error.message], [
        'SandboxError',
        'PROCESS_LIMIT',
        `the script raised its scheduling group to nice 0 (sandboxes run at ${SANDBOX_NICE}); scripts may not start processes or threads, nor raise their priority`,
      ]);
    } finally {
      await sandbox.dispose();
    }
  });
  test('raising the group is found even when the Sandbox is never idle for long', async () => {
    const sandbox = await Sandbox.create({ timeoutMs: 10_000 });
    try {
      const raised = await sandbox.evalOutcome(`
        for (let tries = 0; ; tries++) {
          try { await Bun.write('/proc/self/autogroup', '0'); break; }
          catch (error) { if (error.code !== 'EAGAIN' || tries > 50) throw error; }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        'raised'`);
      assert.equal(raised.ok && raised.value, 'raised');
      // Back-to-back evals of 200 ms: the host's scan must not wait for a pause between them.
      let last = raised;
      for (let i = 0; i < 25 && last.ok; i++)
        last = await sandbox.evalOutcome('await new Promise((r) => setTimeout(r, 200)); 1');
      assert.deepEqual(!last.ok && [last.error.name, last.error.code], [
        'SandboxError',
        'PROCESS_LIMIT',
      ]);
    } finally {
      await sandbox.dispose();
    }
  });
});
