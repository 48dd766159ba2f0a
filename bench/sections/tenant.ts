/**
 * Warm reuse within a tenant (issue 12 part 1): `run('1+1', { tenant })` latency, throughput
 * with 4 callers, CPU per run, memory per idle tenant process, and how each grows with the
 * number of tenants (1, 10, 100); with the untenanted pooled run and a live Sandbox's eval
 * measured in the same run as baselines.
 */
import type { Bunker } from '../lib/bunker.js';
import { guests, memoryField, quietGuests } from '../lib/guests.js';
import { saturate } from './throughput.js';
import { latency, median, sample, type Latency } from '../lib/stats.js';

export interface TenantScale {
  tenants: number;
  /** `run('1+1', { tenant })` one after another, round robin over the tenants, all warm. */
  latency: Latency;
  /** 4 callers, each run for the next tenant in turn. */
  runsPerSecond: number;
  /** Busy CPU time of the whole machine per run, and of this host process alone, in ms. */
  machineCpuMsPerRun: number;
  hostCpuMsPerRun: number;
  /** Idle tenant processes once the runs are over, and their memory. */
  idleProcesses: number;
  /** Median VmRSS / PSS of one idle tenant guest (the Bun process), bytes. */
  rssPerIdle: number;
  pssPerIdle: number;
  /** Sum of PSS over every idle tenant guest, bytes. */
  pssTotal: number;
}

export interface TenantFigures {
  /** Baselines of the same run. */
  pooledRun: Latency;
  sandboxEval: Latency;
  /**
   * `run('1+1', { tenant })` one every 20 ms: the guest builds the next run's realm in between
   * (vm.createContext, the dominant cost of a back-to-back run).
   */
  tenantPaced: Latency;
  scales: TenantScale[];
}

const CALLERS = 4;

async function scale({ Pool }: Bunker, tenants: number): Promise<TenantScale> {
  const pool = new Pool({
    size: 0,
    maxProcesses: tenants + 8,
    maxIdleTenantProcesses: tenants + 8,
  });
  try {
    const names = Array.from({ length: tenants }, (_, i) => `tenant-${i}`);
    let turn = 0;
    const once = async () => {
      const tenant = names[turn++ % tenants]!;
      const { value } = await pool.run('1+1', { tenant });
      if (value !== 2) throw new Error(`run gave ${String(value)}`);
    };
    // Every tenant warm first: one process each (started one after another).
    for (const tenant of names) await pool.run('1+1', { tenant });
    await sample(Math.max(100, 2 * tenants), once);
    const lat = latency(await sample(1000, once));
    const load = await saturate(Math.max(2000, 10 * tenants), once, CALLERS);
    const idle = (await quietGuests(10_000)).guests.length > 0 ? guests() : [];
    const pss = idle.map((g) => memoryField(g.pid, 'smaps_rollup', 'Pss'));
    return {
      tenants,
      latency: lat,
      runsPerSecond: load.runsPerSecond,
      machineCpuMsPerRun: load.machineCpuMsPerRun,
      hostCpuMsPerRun: load.hostCpuMsPerRun,
      idleProcesses: pool.stats().tenantIdle,
      rssPerIdle: median(idle.map((g) => memoryField(g.pid, 'status', 'VmRSS'))),
      pssPerIdle: median(pss),
      pssTotal: pss.reduce((sum, bytes) => sum + bytes, 0),
    };
  } finally {
    await pool.dispose();
  }
}

export async function tenantReuse(bunker: Bunker): Promise<TenantFigures> {
  const { Pool, Sandbox } = bunker;
  // The baselines in a pool of their own, ended before the tenants' processes are counted.
  const pool = new Pool();
  await pool.run('1+1');
  await quietGuests(10_000);
  const pooledRun = latency(
    await sample(
      100,
      async () => {
        await pool.run('1+1');
      },
      100,
    ),
  );
  const sandbox = await Sandbox.create({}, pool);
  await quietGuests(10_000);
  await sample(500, () => sandbox.eval('1+1'));
  const sandboxEval = latency(await sample(1000, () => sandbox.eval('1+1')));
  await sandbox.dispose();
  await pool.run('1+1', { tenant: 'paced' });
  await sample(20, () => pool.run('1+1', { tenant: 'paced' }), 20);
  const tenantPaced = latency(await sample(300, () => pool.run('1+1', { tenant: 'paced' }), 20));
  await pool.dispose();
  process.stderr.write(`bench: ${JSON.stringify({ pooledRun, sandboxEval, tenantPaced })}\n`);
  const scales: TenantScale[] = [];
  for (const tenants of [1, 10, 100]) {
    await quietGuests(10_000);
    scales.push(await scale(bunker, tenants));
    process.stderr.write(`bench: ${JSON.stringify(scales.at(-1))}\n`);
  }
  return { pooledRun, sandboxEval, tenantPaced, scales };
}
