/**
 * Every limit holds per run in a tenant's reused process (issue 12 part 1), exactly as in a
 * fresh one: what earlier runs used of CPU, memory, console or time is not charged to the next,
 * and `result.stats` reports that run alone.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Pool } from '../../src/index.js';

const pool = new Pool({ size: 0 });
after(() => pool.dispose());

let tenants = 0;
const newTenant = () => `limits-${++tenants}`;
const ORIGIN = 'performance.timeOrigin';

/** Busy for `ms` of CPU time as the guest sees it (wall time on a busy machine may be longer). */
const burn = (ms: number) =>
  `{ const until = performance.now() + ${ms}; let x = 0; while (performance.now() < until) x++; }`;

describe('limits per run in a reused process', () => {
  test('cpuTimeMs counts the run CPU alone, not the process total', async () => {
    const tenant = newTenant();
    const options = { tenant, cpuTimeMs: 1500, timeoutMs: 10_000 };
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await pool.run(`${burn(700)}; ${ORIGIN}`, options));
    // Same process: together they used ~2100 ms of CPU, more than any one run may.
    assert.equal(new Set(runs.map((r) => r.value)).size, 1);
    for (const run of runs) assert.ok(run.stats.cpuMs < 1500, `cpuMs ${run.stats.cpuMs}`);
    const idle = await pool.run(ORIGIN, options);
    assert.ok(idle.stats.cpuMs < 100, `a trivial run reports ${idle.stats.cpuMs} ms`);
  });

  test('memoryLimit counts the run memory alone', async () => {
    const tenant = newTenant();
    const options = { tenant, memoryLimit: '48mb' };
    // ~24 MiB held by each run: two would break the limit if the first's were still counted.
    const hold = `globalThis.held = Array.from({ length: 3e6 }, (_, i) => i + 0.5); ${ORIGIN}`;
    const first = await pool.run(hold, options);
    const second = await pool.run(hold, options);
    const third = await pool.run(hold, options);
    assert.equal(second.value, first.value);
    assert.equal(third.value, first.value);
    assert.ok(second.stats.peakMemoryBytes < 48 * 2 ** 20);
    const small = await pool.run(`[1, 2].length`, options);
    assert.ok(
      small.stats.peakMemoryBytes < 8 * 2 ** 20,
      `a trivial run reports ${small.stats.peakMemoryBytes} bytes`,
    );
    // Live data past the limit still ends the run.
    await assert.rejects(
      pool.run('const a = []; for (;;) a.push(new Array(1e5).fill(1.5));', options),
      { name: 'MemoryLimitError' },
    );
  });

  test('consoleMaxBytes and console output are per run', async () => {
    const tenant = newTenant();
    const options = { tenant, consoleMaxBytes: 100 };
    const first = await pool.run(`console.log('x'.repeat(500)); ${ORIGIN}`, options);
    assert.equal(first.consoleTruncated, true);
    const second = await pool.run(`console.log('y'.repeat(50)); ${ORIGIN}`, options);
    assert.equal(second.value, first.value);
    assert.equal(second.console, 'y'.repeat(50) + '\n');
    assert.equal(second.consoleTruncated, false);
  });

  test('timeoutMs and wallMs are per run', async () => {
    const tenant = newTenant();
    const first = await pool.run(`await new Promise((r) => setTimeout(r, 600)); ${ORIGIN}`, {
      tenant,
      timeoutMs: 1000,
    });
    const second = await pool.run(`await new Promise((r) => setTimeout(r, 600)); ${ORIGIN}`, {
      tenant,
      timeoutMs: 1000,
    });
    assert.equal(second.value, first.value);
    assert.ok(second.stats.wallMs < 1000, `wallMs ${second.stats.wallMs}`);
    await assert.rejects(
      pool.run('await new Promise((r) => setTimeout(r, 5000))', { tenant, timeoutMs: 300 }),
      { name: 'TimeoutError', code: 'WALL_TIMEOUT' },
    );
  });
});
