/**
 * The enforcing thread asks the kernel for real-time scheduling (SCHED_FIFO, priority 1), where
 * the host may have it: root, CAP_SYS_NICE, or an RLIMIT_RTPRIO of at least 1.
 *
 * Why: the kernel shares CPU between sessions first, and 50 busy sandbox sessions outweigh the
 * host's 5:1 on 2 cores (priority.ts). Within the host's share the enforcing thread waited on
 * the run queue for up to 2.5 s at a time under the soak (its own schedstat), and memory bombs
 * under a 16 MiB limit grew to 2-35× it between two polls (BENCHMARKS.md, soak). A real-time
 * thread runs the moment a poll is due, ahead of every sandbox and every ordinary thread on the
 * machine; in the same soak its longest wait was 98 ms and no run's peak went past 1.09× its
 * limit. Its work is bounded (at most ~8,000 polls a second of a few µs each, a process-tree scan
 * per guest a second: watchdog.ts), and the kernel caps real-time threads at 95% of each second
 * besides.
 *
 * Where the kernel refuses, the thread stays in the host's ordinary share and says so
 * (docs/security.md states what then holds under overload).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';

/** util-linux's chrt: Node has no call for a thread's scheduling policy. */
const CHRT = ['/usr/bin/chrt', '/bin/chrt'].find((path) => existsSync(path));

/**
 * Puts the calling thread under SCHED_FIFO priority 1. Returns undefined when it did, else why
 * not (no chrt, or the kernel refused: EPERM without the privilege).
 */
export function makeThisThreadRealtime(): string | undefined {
  if (!CHRT) return 'chrt (util-linux) is not installed';
  let tid: string;
  try {
    // "PID/task/TID": the thread's id in the PID namespace whose /proc this is.
    tid = readlinkSync('/proc/thread-self').split('/').pop()!;
  } catch (error) {
    return `its thread id is unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  try {
    execFileSync(CHRT, ['--fifo', '--pid', '1', tid], { stdio: 'pipe', timeout: 5000 });
    return undefined;
  } catch (error) {
    const { stderr } = error as { stderr?: unknown };
    return (Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : '') || String(error);
  }
}
