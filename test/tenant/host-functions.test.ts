/**
 * Host functions with warm tenant reuse (issue 14): functions belong to a run or Sandbox, never
 * to the process. The next run in the same process sees none of them, nor can it call them
 * through anything the earlier run left behind.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Sandbox } from '../../src/index.js';
import { withPool } from '../support/with-pool.js';

const T = 90_000;
const tenant = 'hostfn';

describe('tenant reuse: host functions', () => {
  test(
    "a run's functions are gone in the next run of the same process",
    { timeout: T },
    async () => {
      await withPool({ size: 1 }, async (pool) => {
        let secretCalls = 0;
        const first = await pool.run(
          `globalThis.kept = secret; setTimeout(() => {}, 0); [secret(), performance.timeOrigin]`,
          { tenant, timeoutMs: 30_000, functions: { secret: () => ++secretCalls } },
        );
        const [value, origin] = first.value as [number, number];
        assert.equal(value, 1);
        const second = await pool.run(
          `[typeof secret, typeof kept, typeof globalThis.kept, performance.timeOrigin]`,
          { tenant, timeoutMs: 30_000, functions: { other: () => 0 } },
        );
        assert.deepEqual(second.value, ['undefined', 'undefined', 'undefined', origin]);
        assert.equal(second.stats.hostCalls, 0);
        assert.equal(secretCalls, 1);
      });
    },
  );

  test(
    "a Sandbox's functions, defined later too, are gone for the tenant's next run",
    { timeout: T },
    async () => {
      await withPool({ size: 1 }, async (pool) => {
        const sandbox = await Sandbox.create(
          { tenant, timeoutMs: 30_000, functions: { a: () => 'a' } },
          pool,
        );
        sandbox.defineFunction('b.c', () => 'c');
        const origin = (await sandbox.eval('[a(), b.c(), performance.timeOrigin]'))
          .value as unknown[];
        assert.deepEqual(origin.slice(0, 2), ['a', 'c']);
        await sandbox.dispose();
        const next = await pool.run('[typeof a, typeof b, performance.timeOrigin]', {
          tenant,
          timeoutMs: 30_000,
        });
        assert.deepEqual(next.value, ['undefined', 'undefined', origin[2]]);
      });
    },
  );
});
