import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { descendants, readStat, type ProcStat } from '../src/host/proc.js';
import { runtimePaths } from '../src/host/runtime-paths.js';
import { defaultPool } from '../src/default-pool.js';
import { Pool, run, Sandbox } from '../src/index.js';
import { useEscapedGuest } from './support/escaped-guest.js';

// These tests look into the sandbox's files: the script holds Bun through the test-only guest.
useEscapedGuest();

const BUN_COMM = basename(runtimePaths().bun).slice(0, 15);

/** The sandbox processes under this test process; other processes on the machine don't count. */
const guests = () => descendants(process.pid).filter((p) => p.comm === BUN_COMM).length;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('warm pool', () => {
  test('every run gets a process that has never run anything else', async () => {
    const pool = new Pool({ size: 2 });
    try {
      await pool.run(`globalThis.leak = 1; await Bun.write("/tmp/mark", "x"); 1`);
      const second = await pool.run(`[typeof leak, await Bun.file("/tmp/mark").exists()]`);
      assert.deepEqual(second.value, ['undefined', false]);
    } finally {
      await pool.dispose();
    }
  });

  test('a run is only given a process started for its own settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bunker-pool-'));
    writeFileSync(join(dir, 'secret.txt'), 'granted');
    const pool = new Pool({ size: 1 });
    const read = `await Bun.file(${JSON.stringify(join(dir, 'secret.txt'))}).exists()`;
    try {
      for (let round = 0; round < 2; round++) {
        assert.equal((await pool.run(read, { allowRead: [dir] })).value, true);
        assert.equal((await pool.run(read)).value, false);
        assert.equal((await pool.run('eval("2")', { allowEval: true })).value, 2);
        await assert.rejects(pool.run('eval("2")'), {
          name: 'JavaScriptError',
          message: /^EvalError/,
        });
      }
    } finally {
      await pool.dispose();
    }
  });

  test('a burst larger than the pool waits for processes instead of failing', async () => {
    const pool = new Pool({ size: 1, maxConcurrent: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.run(`${i} * 2`)));
      assert.deepEqual(
        results.map((r) => r.value),
        [0, 2, 4, 6, 8, 10, 12, 14],
      );
    } finally {
      await pool.dispose();
    }
  });

  test('a run that finds the pool still starting takes a start under way, not a new process', async () => {
    const pool = new Pool({ size: 1 });
    const seen = new Set<number>();
    const watch = setInterval(() => {
      for (const p of descendants(process.pid)) if (p.comm === BUN_COMM) seen.add(p.pid);
    }, 2);
    try {
      pool.warm();
      assert.deepEqual(pool.stats(), {
        ready: 0,
        starting: 1,
        running: 0,
        queued: 0,
        sandboxes: 0,
        tenantIdle: 0,
      });
      assert.equal((await pool.run('6 * 7')).value, 42);
      clearInterval(watch); // before the replacement, which starts on a later turn
      assert.equal(seen.size, 1, `sandbox processes seen during the run: ${[...seen].join(', ')}`);
    } finally {
      clearInterval(watch);
      await pool.dispose();
    }
  });

  test('past the queue limit a run is refused with QUEUE_FULL', async () => {
    const pool = new Pool({ size: 0, maxConcurrent: 1, maxQueue: 1 });
    try {
      const slow = 'await new Promise((r) => setTimeout(r, 300)); 1';
      const outcomes = await Promise.allSettled([pool.run(slow), pool.run(slow), pool.run(slow)]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'fulfilled', 'rejected'],
      );
      const refused = (outcomes[2] as PromiseRejectedResult).reason as {
        name: string;
        code: string;
      };
      assert.deepEqual(
        { name: refused.name, code: refused.code },
        { name: 'SandboxError', code: 'QUEUE_FULL' },
      );
    } finally {
      await pool.dispose();
    }
  });

  test('pool: false starts a process cold and still works', async () => {
    assert.equal((await run('40 + 2', { pool: false })).value, 42);
  });

  test('dispose ends every pooled process, including ones still starting', async () => {
    const before = guests();
    const pool = new Pool({ size: 3 });
    pool.warm();
    await until(() => guests() >= before + 1, 'the pool to start processes');
    await pool.dispose();
    await until(() => guests() <= before, 'pooled processes to end');
  });

  test('an unused configuration is shrunk after idleMs', async () => {
    const before = guests();
    const pool = new Pool({ size: 2, idleMs: 300 });
    try {
      pool.warm({ memoryLimit: '48mb' });
      await until(() => guests() >= before + 2, 'two ready processes');
      await until(() => guests() <= before, 'the idle processes to be ended');
    } finally {
      await pool.dispose();
    }
  });

  test('Sandboxes take pooled processes but never share one', async () => {
    const [a, b] = await Promise.all([Sandbox.create(), Sandbox.create()]);
    try {
      await a.eval('var who = "a"');
      await b.eval('var who = "b"');
      assert.deepEqual([(await a.eval('who')).value, (await b.eval('who')).value], ['a', 'b']);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  test("a Sandbox's replacement starts after its first eval, not during it", async () => {
    defaultPool().warm(); // size (4) processes for the default settings
    // Ready, not only started: until then the count still moves (starts warming up, the
    // disposed process exiting), and this test reads it before and after the first eval.
    const settled = () => {
      const { ready, starting } = defaultPool().stats();
      return ready === 4 && starting === 0 && guests() === 4;
    };
    await until(settled, 'the default pool to hold its 4 processes, ready');
    const sandbox = await Sandbox.create();
    try {
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(guests(), 4, 'no replacement before the first eval');
      assert.equal((await sandbox.eval('6 * 7')).value, 42);
      await until(() => guests() === 5, 'the replacement after the first eval');
    } finally {
      await sandbox.dispose();
    }
  });

  test('stats() counts ready, starting, running and queued work', async () => {
    const pool = new Pool({ size: 2, maxConcurrent: 1 });
    try {
      assert.deepEqual(pool.stats(), {
        ready: 0,
        starting: 0,
        running: 0,
        queued: 0,
        sandboxes: 0,
        tenantIdle: 0,
      });
      pool.warm();
      assert.deepEqual(pool.stats(), {
        ready: 0,
        starting: 2,
        running: 0,
        queued: 0,
        sandboxes: 0,
        tenantIdle: 0,
      });
      await until(() => pool.stats().ready === 2, 'two ready processes');
      const slow = pool.run('await new Promise((r) => setTimeout(r, 300)); 1');
      const next = pool.run('2');
      assert.deepEqual(pool.stats(), {
        ready: 2,
        starting: 0,
        running: 1,
        queued: 1,
        sandboxes: 0,
        tenantIdle: 0,
      });
      assert.deepEqual([(await slow).value, (await next).value], [1, 2]);
      const { running, queued } = pool.stats();
      assert.deepEqual({ running, queued }, { running: 0, queued: 0 });
    } finally {
      await pool.dispose();
    }
  });

  test('bad pool options are an ArgumentError', () => {
    assert.throws(() => new Pool({ size: -1 }), { name: 'ArgumentError', message: /size/ });
    assert.throws(() => new Pool({ nope: 1 } as never), {
      name: 'ArgumentError',
      message: /unknown option "nope"/,
    });
  });

  test('when the host process is killed its pooled processes die with it', async () => {
    const script = `import { Pool } from ${JSON.stringify(resolve(import.meta.dirname, '../src/index.js'))};
const pool = new Pool({ size: 3 });
pool.warm();
setInterval(() => {}, 1000);
console.log('warming');`;
    const host = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Only the host's own tree counts: the shared default pool of earlier tests may still be
    // refilling in this process, so a machine-wide count would move on its own.
    let tree: ProcStat[] = [];
    await until(() => {
      tree = descendants(host.pid!);
      return tree.filter((p) => p.comm === BUN_COMM).length >= 3;
    }, 'the host to warm its pool');
    host.kill('SIGTERM');
    await new Promise((r) => host.once('exit', r));
    await until(
      () => tree.every((p) => readStat(p.pid)?.comm !== p.comm),
      'the orphaned pooled processes to end',
    );
  });
});
