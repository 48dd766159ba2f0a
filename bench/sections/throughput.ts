/** Fresh-process runs per second with every core busy: 2 × cores callers, a fixed run count. */
import { cpus } from 'node:os';
import type { Bunker } from '../lib/bunker.js';
import { quietGuests } from '../lib/guests.js';
import { machineBusySeconds } from '../lib/machine.js';

export interface Throughput {
  callers: number;
  runs: number;
  seconds: number;
  runsPerSecond: number;
  /** Busy CPU time of the whole machine (host, wrappers, guests, kernel) per run, in ms. */
  machineCpuMsPerRun: number;
  /** CPU time of this (host) process per run, in ms: spawning, supervising, killing. */
  hostCpuMsPerRun: number;
}

const RUNS = 300;

export async function throughput({ run }: Bunker, pool: boolean): Promise<Throughput> {
  await quietGuests(10_000);
  return saturate(RUNS, async () => {
    await run('1+1', { pool });
  });
}

/** Runs `once` `runs` times from `callers` concurrent callers and measures what it took. */
export async function saturate(
  runs: number,
  once: () => Promise<void>,
  callers = 2 * cpus().length,
): Promise<Throughput> {
  let started = 0;
  const caller = async () => {
    while (started < runs) {
      started++;
      await once();
    }
  };
  const busyBefore = machineBusySeconds();
  const hostBefore = process.cpuUsage();
  const begin = performance.now();
  await Promise.all(Array.from({ length: callers }, caller));
  const seconds = (performance.now() - begin) / 1000;
  const busy = machineBusySeconds() - busyBefore;
  const host = process.cpuUsage(hostBefore);
  return {
    callers,
    runs,
    seconds,
    runsPerSecond: runs / seconds,
    machineCpuMsPerRun: (busy * 1000) / runs,
    hostCpuMsPerRun: (host.user + host.system) / 1000 / runs,
  };
}
