/**
 * The pool's host-wide cap on processes (maxProcesses) and warm processes that follow use: the
 * issue's reproductions (15 one-off settings left 60 warm processes; Sandboxes without a cap),
 * counted as the sandbox processes under this test process.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { descendants } from '../src/host/proc.js';
import { runtimePaths } from '../src/host/runtime-paths.js';
import { Pool, Sandbox } from '../src/index.js';

const BUN_COMM = basename(runtimePaths().bun).slice(0, 15);

const guests = () => descendants(process.pid).filter((p) => p.comm === BUN_COMM).length;

async function until(check: () => boolean, what: string, pool?: Pool): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seen = `${guests()} processes${pool ? `, ${JSON.stringify(pool.stats())}` : ''}`;
  assert.fail(`timed out waiting for ${what} (${seen})`);
}

/** The most sandbox processes seen at once while `work` runs, sampled every 5 ms. */
async function peakDuring<T>(work: () => Promise<T>): Promise<{ peak: number; result: T }> {
  let peak = guests();
  const watch = setInterval(() => (peak = Math.max(peak, guests())), 5);
  try {
    const result = await work();
    peak = Math.max(peak, guests());
    return { peak, result };
  } finally {
    clearInterval(watch);
  }
}

const codeOf = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === 'fulfilled'
    ? 'ok'
    : `${(outcome.reason as { name: string }).name}/${(outcome.reason as { code: string }).code}`;

const memoryLimits = Array.from({ length: 15 }, (_, i) => `${16 + i}mb`);

describe('pool caps', () => {
  test('15 runs with 15 different memoryLimits keep one warm process each, not size (4)', async () => {
    const pool = new Pool({ size: 4, maxProcesses: 40 });
    try {
      for (const memoryLimit of memoryLimits)
        assert.equal((await pool.run('1 + 1', { memoryLimit })).value, 2);
      await until(
        () => pool.stats().ready === 15 && pool.stats().starting === 0 && guests() === 15,
        '15 ready processes',
        pool,
      );
      // Used again, settings earn `size` warm processes.
      assert.equal((await pool.run('2 + 2', { memoryLimit: memoryLimits[0] })).value, 4);
      await until(
        () => pool.stats().ready === 18 && pool.stats().starting === 0 && guests() === 18,
        '18 ready processes (4 for the settings used twice)',
        pool,
      );
    } finally {
      await pool.dispose();
    }
    await until(() => guests() === 0, 'the pool to end its processes');
  });

  test('under maxProcesses the least recently used warm processes make room, and the cap is never passed', async () => {
    const pool = new Pool({ size: 4, maxProcesses: 6 });
    try {
      const { peak } = await peakDuring(async () => {
        for (const memoryLimit of memoryLimits)
          assert.equal((await pool.run('1 + 1', { memoryLimit })).value, 2);
        await until(
          () => pool.stats().ready === 6 && pool.stats().starting === 0 && guests() === 6,
          '6 ready processes',
          pool,
        );
      });
      assert.equal(peak, 6);
    } finally {
      await pool.dispose();
    }
  });

  test('Sandboxes past maxProcesses are refused with TOO_MANY_SANDBOXES; warm processes make room', async () => {
    const pool = new Pool({ size: 2, maxProcesses: 3 });
    pool.warm();
    await until(() => pool.stats().ready === 2, 'two ready processes');
    const { peak, result: created } = await peakDuring(() =>
      Promise.allSettled(Array.from({ length: 5 }, () => Sandbox.create({}, pool))),
    );
    const open = created.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    try {
      assert.deepEqual(created.map(codeOf), [
        'ok',
        'ok',
        'ok',
        'SandboxError/TOO_MANY_SANDBOXES',
        'SandboxError/TOO_MANY_SANDBOXES',
      ]);
      assert.equal(peak, 3);
      assert.deepEqual(
        await Promise.all(open.map(async (s, i) => (await s.eval(`${i} * 2`)).value)),
        [0, 2, 4],
      );
      assert.deepEqual(pool.stats(), {
        ready: 0,
        starting: 0,
        running: 0,
        queued: 0,
        sandboxes: 3,
        tenantIdle: 0,
      });
      // Nothing would end to make room for a run: refused, not queued forever.
      await assert.rejects(pool.run('1'), { name: 'SandboxError', code: 'TOO_MANY_SANDBOXES' });
      await open.pop()!.dispose();
      assert.equal((await pool.run('6 * 7')).value, 42);
      open.push(await Sandbox.create({}, pool));
      assert.equal(guests(), 3);
    } finally {
      await Promise.all(open.map((s) => s.dispose()));
      await pool.dispose();
    }
  });

  test('runs past maxProcesses wait in the queue for room and all complete', async () => {
    const pool = new Pool({ size: 0, maxProcesses: 2, maxConcurrent: 8 });
    try {
      const slow = 'await new Promise((r) => setTimeout(r, 200)); 1';
      const { peak, result } = await peakDuring(async () => {
        const runs = Array.from({ length: 5 }, (_, i) => pool.run(`${slow} + ${i}`));
        assert.deepEqual(pool.stats(), {
          ready: 0,
          starting: 0,
          running: 2,
          queued: 3,
          sandboxes: 0,
          tenantIdle: 0,
        });
        return Promise.all(runs);
      });
      assert.deepEqual(
        result.map((r) => r.value),
        [1, 2, 3, 4, 5],
      );
      assert.equal(peak, 2);
    } finally {
      await pool.dispose();
    }
  });

  test('a run waits for room held by another run beside an open Sandbox; refused once Sandboxes fill the cap', async () => {
    const pool = new Pool({ size: 0, maxProcesses: 2 });
    const open = [await Sandbox.create({}, pool)];
    try {
      const first = pool.run('await new Promise((r) => setTimeout(r, 200)); "first"');
      const second = pool.run('"second"');
      assert.equal(pool.stats().queued, 1);
      assert.deepEqual([(await first).value, (await second).value], ['first', 'second']);
      open.push(await Sandbox.create({}, pool));
      await assert.rejects(pool.run('1'), { name: 'SandboxError', code: 'TOO_MANY_SANDBOXES' });
    } finally {
      await Promise.all(open.map((s) => s.dispose()));
      await pool.dispose();
    }
  });

  test('maxProcesses is validated by the pool options schema', () => {
    assert.throws(() => new Pool({ maxProcesses: 0 }), {
      name: 'ArgumentError',
      message: /maxProcesses/,
    });
  });
});
