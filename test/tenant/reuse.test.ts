/**
 * Warm reuse within a tenant (issue 12 part 1): which process a run lands in. A script tells its
 * process by `performance.timeOrigin` (when the process started, to the sub-millisecond).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Pool, run, Sandbox } from '../../src/index.js';
import { withPool } from '../support/with-pool.js';

const ORIGIN = 'performance.timeOrigin';

const origin = async (pool: Pool, tenant?: string, extra: object = {}) =>
  (await pool.run(ORIGIN, { ...(tenant === undefined ? {} : { tenant }), ...extra }))
    .value as number;

describe('tenant reuse', () => {
  test('runs of one tenant reuse one warm process, one after another', async () => {
    await withPool({ size: 1 }, async (pool) => {
      const first = await origin(pool, 'acme');
      assert.equal(await origin(pool, 'acme'), first);
      assert.equal(await origin(pool, 'acme'), first);
      assert.equal(pool.stats().tenantIdle, 1);
    });
  });

  test('without a tenant every run gets a never-used process, as before', async () => {
    await withPool({ size: 1 }, async (pool) => {
      const a = await origin(pool);
      const b = await origin(pool);
      assert.notEqual(a, b);
      assert.equal(pool.stats().tenantIdle, 0);
    });
  });

  test('different tenants never share a process, nor a tenant and an untenanted run', async () => {
    await withPool({ size: 2 }, async (pool) => {
      const seen = new Map<number, string>();
      const note = (who: string, at: number) => {
        const before = seen.get(at);
        if (before !== undefined)
          assert.equal(before, who, `process ${at} served ${before} and ${who}`);
        seen.set(at, who);
      };
      for (let round = 0; round < 3; round++) {
        note('a', await origin(pool, 'a'));
        note('b', await origin(pool, 'b'));
        note('none', await origin(pool));
      }
      // a and b each kept their one process; every untenanted run had its own.
      assert.equal([...seen.values()].filter((who) => who === 'a').length, 1);
      assert.equal([...seen.values()].filter((who) => who === 'b').length, 1);
      assert.equal([...seen.values()].filter((who) => who === 'none').length, 3);
    });
  });

  test('other start settings of the same tenant use another process', async () => {
    await withPool({ size: 1 }, async (pool) => {
      const plain = await origin(pool, 'acme');
      const evalOn = await origin(pool, 'acme', { allowEval: true });
      assert.notEqual(plain, evalOn);
      assert.equal(await origin(pool, 'acme', { allowEval: true }), evalOn);
      assert.equal(await origin(pool, 'acme'), plain);
    });
  });

  test('N concurrent runs of one tenant use N processes', async () => {
    await withPool({ size: 0 }, async (pool) => {
      const code = `await new Promise((r) => setTimeout(r, 300)); ${ORIGIN}`;
      const three = await Promise.all(
        [1, 2, 3].map(async () => (await pool.run(code, { tenant: 't' })).value as number),
      );
      assert.equal(new Set(three).size, 3);
      assert.equal(pool.stats().tenantIdle, 3);
      // and all three are reused afterwards
      const again = await Promise.all(
        [1, 2, 3].map(async () => (await pool.run(code, { tenant: 't' })).value as number),
      );
      assert.deepEqual(new Set(again), new Set(three));
    });
  });

  test('a Sandbox of a tenant takes the tenant process and gives it back on dispose', async () => {
    await withPool({ size: 1 }, async (pool) => {
      const first = await origin(pool, 'acme');
      const sandbox = await Sandbox.create({ tenant: 'acme' }, pool);
      assert.equal((await sandbox.eval(ORIGIN)).value, first);
      await sandbox.eval('globalThis.kept = 41');
      assert.equal((await sandbox.eval('kept + 1')).value, 42); // globals persist within it
      // While the Sandbox holds it, a run of the tenant gets another process.
      assert.notEqual(await origin(pool, 'acme'), first);
      await sandbox.dispose();
      // The disposed Sandbox reaches its old process no more, although that process lives on.
      await assert.rejects(sandbox.eval('kept'), { name: 'SandboxError', code: 'SANDBOX_CLOSED' });
      const after = await pool.run(`[${ORIGIN}, typeof kept]`, { tenant: 'acme' });
      assert.deepEqual(after.value, [first, 'undefined']);
    });
  });

  test('run() takes the tenant option on the default pool', async () => {
    const first = (await run(ORIGIN, { tenant: 'default-pool' })).value;
    assert.equal((await run(ORIGIN, { tenant: 'default-pool' })).value, first);
    assert.notEqual((await run(ORIGIN)).value, first);
  });
});
