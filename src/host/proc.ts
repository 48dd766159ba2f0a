/**
 * Reads Linux /proc for the watchdog. This kernel has no /proc/PID/task/TID/children, so the
 * process tree is rebuilt from a scan of /proc/[pid]/stat (cheap: tens of entries).
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statfsSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat times; 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime of all threads, in ms. */
  cpuMs: number;
  threads: number;
}

export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  return parseStat(pid, text);
}

function parseStat(pid: number, text: string): ProcStat {
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
    threads: Number(fields[17]),
  };
}

/** Bytes per page, derived once from this process's own status (kB) and statm (pages). */
const PAGE_SIZE = (() => {
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
  const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
  const exact = (kb * 1024) / pages;
  // The two reads are not atomic; snap to the nearest power of two (4 KiB, 16 KiB, 64 KiB).
  return 2 ** Math.round(Math.log2(Number.isFinite(exact) && exact > 0 ? exact : 4096));
})();

/**
 * Reads one process's memory and CPU time on the watchdog's hot path. The /proc files stay open
 * and are re-read with pread: opening them for each poll cost 50-70 µs, a pread costs a few.
 */
export class ProcessProbe {
  private stat: number | undefined;
  private statm: number | undefined;
  private io: number | undefined;
  private readonly buffer = Buffer.alloc(1024);

  constructor(readonly pid: number) {
    this.stat = tryOpen(`/proc/${pid}/stat`);
    this.statm = tryOpen(`/proc/${pid}/statm`);
    this.io = tryOpen(`/proc/${pid}/io`);
  }

  /** Bytes the process has passed to write() and friends so far (`wchar`), or undefined. */
  written(): number | undefined {
    const text = this.read(this.io);
    const match = text === undefined ? null : /^wchar: (\d+)$/m.exec(text);
    return match ? Number(match[1]) : undefined;
  }

  /** Resident set size in bytes, or undefined once the process is gone. */
  rss(): number | undefined {
    const text = this.read(this.statm);
    return text === undefined ? undefined : Number(text.split(' ')[1]) * PAGE_SIZE;
  }

  /** utime + stime of all threads in ms, or undefined once the process is gone. */
  cpuMs(): number | undefined {
    return this.readStat()?.cpuMs;
  }

  /** The whole stat line (CPU time and thread count in one read), or undefined once gone. */
  readStat(): ProcStat | undefined {
    const text = this.read(this.stat);
    return text === undefined ? undefined : parseStat(this.pid, text);
  }

  /** Closes the files; later reads return undefined (a closed fd number may be reused). */
  close(): void {
    for (const fd of [this.stat, this.statm, this.io]) if (fd !== undefined) closeSync(fd);
    this.stat = this.statm = this.io = undefined;
  }

  private read(fd: number | undefined): string | undefined {
    if (fd === undefined) return undefined;
    try {
      const length = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      return length === 0 ? undefined : this.buffer.toString('latin1', 0, length);
    } catch {
      return undefined; // ESRCH: the process is gone
    }
  }
}

function tryOpen(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch {
    return undefined;
  }
}

/**
 * Why a ready guest process is not confined as bunker starts it, or undefined when it is: its
 * own seccomp filter stacked on sandbox-runtime's (two filters, mode 2), no capabilities, and
 * no way to gain any.
 */
export function confinementProblem(pid: number): string | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch (error) {
    return `its status is unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status)?.[1];
  if (field('Seccomp') !== '2' || Number(field('Seccomp_filters')) < 2)
    return `its seccomp filters are not in place (Seccomp ${field('Seccomp')}, filters ${field('Seccomp_filters')})`;
  // The bounding set is not checked: a user namespace made by an unprivileged user starts with a
  // full one that cannot be dropped without CAP_SETPCAP; with no permitted capabilities and
  // no_new_privs it can give nothing back.
  if (!/^0+$/.test(field('CapEff') ?? '') || !/^0+$/.test(field('CapPrm') ?? ''))
    return `it holds capabilities (CapEff ${field('CapEff')}, CapPrm ${field('CapPrm')})`;
  if (field('NoNewPrivs') !== '1') return 'it may gain privileges (NoNewPrivs is not set)';
  return undefined;
}

/**
 * Every live descendant of `root` (not including root), found through the kernel's own list of
 * each thread's children (/proc/PID/task/TID/children). Walking the tree, rather than scanning
 * pids above root's, cannot be fooled by a pid counter the guest made wrap around (churning
 * threads takes seconds) to hide a child below root's pid.
 */
export function descendants(root: number): ProcStat[] {
  const found: ProcStat[] = [];
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of childPids(queue.pop()!)) {
      if (seen.has(child)) continue;
      seen.add(child);
      const stat = readStat(child);
      if (!stat) continue;
      found.push(stat);
      queue.push(child);
    }
  }
  return found;
}

/** A child is listed under the thread that started it: every thread's list is read. */
function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const task of tasks) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1');
    } catch {
      continue;
    }
    for (const word of text.trim().split(/\s+/)) if (word !== '') pids.push(Number(word));
  }
  return pids;
}

export const procAvailable = (): boolean => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
};

/**
 * The tmpfs file systems a process can write to, as paths the host can statfs (through
 * /proc/PID/root). Files written there live in memory but not in the writer's RSS, so the
 * watchdog adds them to the guest's memory use. One path per tmpfs instance; mounts of the
 * host's that the sandbox shadows are not reachable and are left out.
 */
export function tmpfsPaths(pid: number): string[] {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/mountinfo`, 'utf8');
  } catch {
    return [];
  }
  const byDevice = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [fields, rest] = line.split(' - ');
    if (!rest?.startsWith('tmpfs ')) continue;
    const parts = fields!.split(' ');
    const device = parts[2]!;
    const path = `/proc/${pid}/root${unescapeMountPath(parts[4]!)}`;
    if (byDevice.has(device)) continue;
    try {
      statfsSync(path);
      byDevice.set(device, path);
    } catch {
      // shadowed or gone
    }
  }
  return [...byDevice.values()];
}

/** Bytes in use across the given tmpfs paths. */
export function tmpfsUsed(paths: string[]): number {
  let used = 0;
  for (const path of paths) {
    try {
      const stats = statfsSync(path);
      used += (stats.blocks - stats.bfree) * stats.bsize;
    } catch {
      // the process is gone
    }
  }
  return used;
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
