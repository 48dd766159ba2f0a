/**
 * Reads Linux /proc for the watchdog. This kernel has no /proc/PID/task/TID/children, so the
 * process tree is rebuilt from a scan of /proc/[pid]/stat (cheap: tens of entries).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat times; 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime of all threads, in ms. */
  cpuMs: number;
}

export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // comm may contain spaces and parentheses: it ends at the last ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return {
    pid,
    comm: text.slice(open + 1, close),
    ppid: Number(fields[1]),
    cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS,
  };
}

/** Resident set size in bytes, or undefined once the process is gone. */
export function readRss(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const match = /^VmRSS:\s+(\d+) kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Every live descendant of `root` (not including root). Only pids from `root` up are read:
 * descendants are allocated after their ancestor, so this skips the host's older processes
 * (a pid counter that wrapped around since `root` started would hide descendants from this
 * scan; the guest's memory and CPU watch does not depend on it).
 */
export function descendants(root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= root) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const found: ProcStat[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

export const procAvailable = (): boolean => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
};
