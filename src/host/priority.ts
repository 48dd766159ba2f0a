/**
 * Sandboxes yield the CPU to the host. `nice` alone does not do it where the kernel groups
 * processes by session (autogroup, on by default in most distributions): the CPU is first shared
 * between sessions, each weighed as a nice-0 process whatever its members' nice, and a nice value
 * counts only inside its own session. Every sandbox is a session of its own (the host starts it
 * detached, and bubblewrap's --new-session makes another inside), so 50 busy sandboxes left the
 * host a fiftieth of the machine: its event loop stalled for seconds (measured: p50 delay 231 ms,
 * p99 9.5 s, 76% of its time waiting for a CPU), and fetches answered 20 s late.
 *
 * So each sandbox session's group is lowered as well: the outer one here as soon as it exists,
 * the inner one by the guest before it loads anything (guest/priority.ts) and again here once the
 * guest is found. A script cannot start a session of normal weight (its seccomp filter refuses
 * setsid), nor renice its processes below 10 (that needs CAP_SYS_NICE), but the kernel lets any
 * owner set its group anywhere from 0 up: the enforcing thread reads the group at every
 * process-tree scan and ends a run whose group was raised (watchdog.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The nice of a sandbox's processes and of its scheduling groups. At 10 a busy sandbox weighs 110
 * against the host's (and any other program's) 1024. Measured under a soak of 50 at once on 2
 * cores, with other work on the machine: the host's event loop delay went from p50 849 ms to 56
 * ms; at 19 (weight 15) it went to 20 ms, but sandboxes then starved behind any busy program
 * (a linter next door turned 5 s adversarial runs into WALL_TIMEOUTs).
 */
export const SANDBOX_NICE = 10;

/**
 * Lowers the scheduling group of `pid`'s session. Quietly does nothing where the kernel has no
 * autogroups (then the processes' own nice applies) or the process is already gone.
 */
/** The nice of `pid`'s scheduling group; undefined without autogroups or once it has exited. */
export function groupNice(pid: number): number | undefined {
  try {
    const nice = /nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'latin1'))?.[1];
    return nice === undefined ? undefined : Number(nice);
  } catch {
    return undefined;
  }
}

export function lowerGroupPriority(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(SANDBOX_NICE));
  } catch {
    // ENOENT: no autogroup support, or the process has exited; ESRCH alike.
  }
}
