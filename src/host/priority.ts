/**
 * Sandboxes yield the CPU to the host. Two kernel mechanisms decide who runs:
 *
 * - Where the kernel groups processes by session (autogroup, on by default in most
 *   distributions), CPU is first shared between sessions, each weighed like one nice-0 process
 *   whatever its members' priority. Every sandbox is a session of its own (the host starts it
 *   detached, and bubblewrap's --new-session makes another inside), so 50 busy sandboxes weighed
 *   fifty times the host. Each sandbox session's group is lowered to SANDBOX_NICE: the inner one
 *   by the guest before it loads anything (guest/priority.ts), both by the enforcing thread when
 *   it starts watching the guest (watchdog.ts; a write takes milliseconds of kernel locking, not
 *   to be spent on the main thread), and again at later scans while the kernel refused a write
 *   (it allows an unprivileged writer one change per 100 ms, machine-wide).
 * - Within that share, a waking host thread still waited for the running sandbox's time slice
 *   (measured under a soak of 50 at once: the main thread waited ~11 ms per wake-up for a CPU,
 *   65% of its time). The guest runs under SCHED_IDLE (launch-spec.ts), and the kernel preempts
 *   an idle-policy task the moment a normal one wakes.
 *
 * A script cannot undo either: its seccomp filter refuses setsid (a new group of full weight),
 * leaving SCHED_IDLE needs RLIMIT_NICE, which is 0; but the kernel lets a group's owner set the
 * group anywhere from nice 0 up, so the enforcing thread reads the group at every process-tree
 * scan and ends a run whose group went back up (watchdog.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The nice of a sandbox's scheduling groups: a busy sandbox weighs 110 against the host's (and
 * any other program's) 1024. At 19 (weight 15) sandboxes starved behind any busy program on the
 * machine (a linter next door turned 5 s adversarial runs into WALL_TIMEOUTs); SCHED_IDLE is
 * what gives the host its CPU on time.
 */
export const SANDBOX_NICE = 10;

/** The nice of `pid`'s scheduling group; undefined without autogroups or once it has exited. */
export function groupNice(pid: number): number | undefined {
  try {
    const nice = /nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'latin1'))?.[1];
    return nice === undefined ? undefined : Number(nice);
  } catch {
    return undefined;
  }
}

/**
 * Lowers the scheduling group of `pid`'s session. Quietly does nothing where the kernel has no
 * autogroups (SCHED_IDLE alone then applies) or the process is already gone.
 */
export function lowerGroupPriority(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(SANDBOX_NICE));
  } catch {
    // ENOENT: no autogroup support, or the process has exited.
  }
}
