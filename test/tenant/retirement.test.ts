/**
 * When a tenant's process is retired (issue 12 part 1): after a run that broke a limit, crashed it
 * or ended in a SandboxError; after tenantMaxRuns runs; once tenantMaxAgeMs old; after idleMs
 * unused; least recently used first past maxIdleTenantProcesses or when maxProcesses needs room.
 * Each time, the tenant's next run still works, in another process.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { descendants } from '../../src/host/proc.js';
import { runtimePaths } from '../../src/host/runtime-paths.js';
import { Pool, type Options } from '../../src/index.js';
import { resolveOptions } from '../../src/options.js';
import { withPool } from '../support/with-pool.js';

const ORIGIN = 'performance.timeOrigin';
const BUN_COMM = basename(runtimePaths().bun).slice(0, 15);
const guestPids = () =>
  descendants(process.pid)
    .filter((p) => p.comm === BUN_COMM)
    .map((p) => p.pid);

const origin = async (pool: Pool, tenant: string, options: Options = {}) =>
  (await pool.run(ORIGIN, { ...options, tenant })).value as number;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('retirement after a breach', () => {
  test('a timeout retires the process; the next run works in another', async () => {
    await withPool({ size: 0 }, async (pool) => {
      const before = await origin(pool, 't');
      await assert.rejects(pool.run('for (;;) {}', { tenant: 't', timeoutMs: 300 }), {
        name: 'TimeoutError',
      });
      const after = await origin(pool, 't');
      assert.notEqual(after, before);
      assert.equal(await origin(pool, 't'), after);
    });
  });

  test('a CPU breach retires the process', async () => {
    await withPool({ size: 0 }, async (pool) => {
      const before = await origin(pool, 't');
      await assert.rejects(
        pool.run('for (;;) {}', { tenant: 't', timeoutMs: 5000, cpuTimeMs: 200 }),
        { name: 'TimeoutError', code: 'CPU_TIMEOUT' },
      );
      assert.notEqual(await origin(pool, 't'), before);
    });
  });

  test('a memory breach retires the process', async () => {
    await withPool({ size: 0 }, async (pool) => {
      const options = { memoryLimit: '32mb' };
      const before = await origin(pool, 't', options);
      await assert.rejects(
        pool.run('const a = []; for (;;) a.push(new Array(1e5).fill(1.5));', {
          ...options,
          tenant: 't',
        }),
        { name: 'MemoryLimitError' },
      );
      assert.notEqual(await origin(pool, 't', options), before);
    });
  });

  test('a crashed process (killed from outside mid-run) is retired', async () => {
    await withPool({ size: 0 }, async (pool) => {
      const before = await origin(pool, 't');
      const [pid] = guestPids();
      assert.ok(pid !== undefined);
      const running = pool.run('await new Promise((r) => setTimeout(r, 2000)); 1', {
        tenant: 't',
      });
      await sleep(300);
      process.kill(pid, 'SIGKILL');
      await assert.rejects(running, { name: 'SandboxError', code: 'SANDBOX_CRASHED' });
      assert.notEqual(await origin(pool, 't'), before);
    });
  });

  test('a script error does not retire the process', async () => {
    await withPool({ size: 0 }, async (pool) => {
      const before = await origin(pool, 't');
      await assert.rejects(pool.run('null.x', { tenant: 't' }), { name: 'JavaScriptError' });
      await assert.rejects(pool.run('let let = 1', { tenant: 't' }), { name: 'SyntaxError' });
      await assert.rejects(pool.run('fetch("http://x.test/")', { tenant: 't' }), {
        name: 'HTTPBlockedError',
      });
      assert.equal(await origin(pool, 't'), before);
    });
  });

  test('a tenant Sandbox whose eval broke a limit does not go back', async () => {
    await withPool({ size: 0 }, async (pool) => {
      const { Sandbox } = await import('../../src/index.js');
      const before = await origin(pool, 't');
      const sandbox = await Sandbox.create({ tenant: 't', timeoutMs: 300 }, pool);
      await assert.rejects(sandbox.eval('for (;;) {}'), { name: 'TimeoutError' });
      await sandbox.dispose();
      assert.equal(pool.stats().tenantIdle, 0);
      assert.notEqual(await origin(pool, 't'), before);
    });
  });
});

describe('retirement by use, age and idleness', () => {
  test('after tenantMaxRuns runs', async () => {
    await withPool({ size: 0, tenantMaxRuns: 3 }, async (pool) => {
      const first = await origin(pool, 't');
      assert.equal(await origin(pool, 't'), first);
      assert.equal(await origin(pool, 't'), first); // its third run: retired after it
      const fourth = await origin(pool, 't');
      assert.notEqual(fourth, first);
      assert.equal(await origin(pool, 't'), fourth);
    });
  });

  test('once tenantMaxAgeMs old', async () => {
    await withPool({ size: 0, tenantMaxAgeMs: 800 }, async (pool) => {
      const first = await origin(pool, 't');
      assert.equal(await origin(pool, 't'), first);
      await sleep(1000);
      assert.notEqual(await origin(pool, 't'), first);
    });
  });

  test('after idleMs unused', async () => {
    await withPool({ size: 0, idleMs: 200 }, async (pool) => {
      await origin(pool, 't');
      assert.equal(pool.stats().tenantIdle, 1);
      await sleep(600);
      assert.equal(pool.stats().tenantIdle, 0);
    });
  });

  test('past maxIdleTenantProcesses the least recently used goes first', async () => {
    await withPool({ size: 0, maxIdleTenantProcesses: 2 }, async (pool) => {
      const a = await origin(pool, 'a');
      const b = await origin(pool, 'b');
      const c = await origin(pool, 'c');
      assert.equal(pool.stats().tenantIdle, 2);
      assert.equal(await origin(pool, 'c'), c);
      assert.equal(await origin(pool, 'b'), b);
      assert.notEqual(await origin(pool, 'a'), a); // a's went first; now c's has (oldest use)
      assert.notEqual(await origin(pool, 'c'), c);
    });
  });

  test('an idle tenant process makes room under maxProcesses for a live run', async () => {
    await withPool({ size: 0, maxProcesses: 2, maxIdleTenantProcesses: 8 }, async (pool) => {
      const a = await origin(pool, 'a');
      await origin(pool, 'b');
      assert.equal(pool.stats().tenantIdle, 2);
      // A third process is needed: the least recently used idle one (a's) is ended for it.
      assert.equal((await pool.run('6 * 7')).value, 42);
      assert.notEqual(await origin(pool, 'a'), a);
      assert.ok(guestPids().length <= 2);
    });
  });
});

describe('the option', () => {
  test('tenant is validated by the options schema', () => {
    assert.throws(() => resolveOptions({ tenant: '' }), {
      name: 'ArgumentError',
      message: /option "tenant"/,
    });
    assert.throws(() => resolveOptions({ tenant: 7 }), { name: 'ArgumentError' });
    assert.equal(resolveOptions({ tenant: 'acme' }).tenant, 'acme');
    assert.equal(resolveOptions({}).tenant, undefined);
  });
});
