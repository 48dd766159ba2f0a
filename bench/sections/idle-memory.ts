/**
 * Memory of the pool's idle guests, read from /proc once the pool is full and quiet; and, as the
 * baseline, of a bare idle Bun process.
 */
import { spawn } from 'node:child_process';
import type { Bunker } from '../lib/bunker.js';
import { cpuTicks, memoryField, quietGuests } from '../lib/guests.js';
import { median, sleep } from '../lib/stats.js';

export interface IdleMemory {
  guests: number;
  /** False when the guests never went quiet within the wait: the figures may include a start. */
  quiet: boolean;
  /** Median VmRSS of the Bun guest processes alone, bytes. */
  rss: number;
  /** Median private (anonymous) part of that RSS: heap, stacks, JIT code; bytes. */
  rssAnon: number;
  /** Median file-backed part: mostly the Bun binary's pages, shared by every guest; bytes. */
  rssFile: number;
  /** Median proportional set size (shared pages divided among their users), bytes. */
  pss: number;
  /** Median VmRSS of one whole sandbox: the guest plus its bwrap and apply-seccomp wrappers. */
  rssWithWrappers: number;
}

export async function idleMemory({ run }: Bunker): Promise<IdleMemory> {
  await run('1+1'); // creates the default pool and sets it filling
  const { guests, quiet } = await quietGuests(15_000);
  const rss = (pid: number) => memoryField(pid, 'status', 'VmRSS');
  const field = (name: string) => median(guests.map((g) => memoryField(g.pid, 'status', name)));
  return {
    guests: guests.length,
    quiet,
    rss: median(guests.map((g) => rss(g.pid))),
    rssAnon: field('RssAnon'),
    rssFile: field('RssFile'),
    pss: median(guests.map((g) => memoryField(g.pid, 'smaps_rollup', 'Pss'))),
    rssWithWrappers: median(
      guests.map((g) => [g.pid, ...g.wrappers].reduce((sum, pid) => sum + rss(pid), 0)),
    ),
  };
}

export interface BareMemory {
  rss: number;
  rssAnon: number;
  rssFile: number;
}

/** A bare Bun process holding one timer, once it has used no CPU for 200 ms. */
export async function bareBunMemory(bun: string): Promise<BareMemory> {
  const child = spawn(bun, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
  try {
    const pid = child.pid!;
    let last = -1;
    for (let quiet = 0; quiet < 4;) {
      await sleep(50);
      const ticks = cpuTicks(pid);
      quiet = ticks === last ? quiet + 1 : 0;
      last = ticks;
    }
    return {
      rss: memoryField(pid, 'status', 'VmRSS'),
      rssAnon: memoryField(pid, 'status', 'RssAnon'),
      rssFile: memoryField(pid, 'status', 'RssFile'),
    };
  } finally {
    child.kill('SIGKILL');
  }
}
