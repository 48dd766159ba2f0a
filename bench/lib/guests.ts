/**
 * The sandboxed Bun processes this benchmark started, read from /proc. A guest is the process
 * whose argv is `…/bun.exe --no-install …` (bubblewrap, apply-seccomp, nice, prlimit and env
 * exec into it or sit above it as its wrappers) and whose ancestors lead back to this process:
 * guests of other programs on the machine are not counted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './stats.js';

export interface Guest {
  pid: number;
  /** The processes between this benchmark and the guest: bwrap ×2, apply-seccomp ×2. */
  wrappers: number[];
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
};

const parentOf = (pid: number): number | undefined => {
  const match = /^PPid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) : undefined;
};

function isGuest(pid: number): boolean {
  const argv = (read(`/proc/${pid}/cmdline`) ?? '').split('\0');
  return argv[0]!.endsWith('/bun.exe') && argv[1] === '--no-install';
}

export function guests(): Guest[] {
  const found: Guest[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || !isGuest(pid)) continue;
    const wrappers: number[] = [];
    for (let up = parentOf(pid); up !== undefined && up > 1; up = parentOf(up)) {
      if (up === process.pid) {
        found.push({ pid, wrappers });
        break;
      }
      wrappers.push(up);
    }
  }
  return found;
}

/** `field` of /proc/PID/status or /proc/PID/smaps_rollup, in bytes (the kernel writes kB = KiB). */
export function memoryField(pid: number, file: 'status' | 'smaps_rollup', field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(read(`/proc/${pid}/${file}`) ?? '');
  return match ? Number(match[1]) * 1024 : NaN;
}

/** User + system CPU of one process, in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = read(`/proc/${pid}/stat`) ?? '';
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const POLL_MS = 50;
const QUIET_POLLS = 4;

/**
 * Waits until the same guests have been alive and used no CPU for QUIET_POLLS polls in a row:
 * started, ready and idle (one that is still starting burns CPU). Gives up after `timeoutMs`.
 */
export async function quietGuests(timeoutMs: number): Promise<{ guests: Guest[]; quiet: boolean }> {
  let last = '';
  let quietPolls = 0;
  const deadline = performance.now() + timeoutMs;
  let current = guests();
  while (performance.now() < deadline) {
    current = guests();
    const snapshot = current.map((g) => `${g.pid}:${cpuTicks(g.pid)}`).join(' ');
    quietPolls = current.length > 0 && snapshot === last ? quietPolls + 1 : 0;
    if (quietPolls >= QUIET_POLLS) return { guests: current, quiet: true };
    last = snapshot;
    await sleep(POLL_MS);
  }
  return { guests: current, quiet: false };
}
