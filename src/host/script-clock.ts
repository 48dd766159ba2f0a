/**
 * Where an eval's timeoutMs starts counting. bunker's own dialect: when the host sends the code,
 * and the host's deadline is exactly timeoutMs. The mquickjs dialect: when the script starts, as
 * mquickjs-ruby's timeout_ms does; the guest stops the script there (guest/script-deadline.ts)
 * and the host's deadline, the one no script can move, allows START_ALLOWANCE_MS on top for the
 * frame's way to the guest and the compile. Without it `timeout_ms: 5` failed `1+1` at random.
 */
import type { ResolvedOptions } from '../options.js';

/**
 * Measured here, 2 cores shared with a soak of 50 sandboxes: from send to answer, an eval of
 * `1+1` in a Sandbox took up to 17.6 ms (p99 2.5 ms of 3,000); the first eval of a freshly taken
 * Sandbox up to 206 ms at load ~60-100 (p99 135 ms of 200) and up to 538 ms at load ~130 (p99
 * 321 ms of 150). The mquickjs shim
 * already gives every eval at least 1 s of CPU time, so a second of wall time on top adds nothing
 * a script could not already use. A script gets at most timeoutMs plus this of wall time.
 */
export const START_ALLOWANCE_MS = 1000;

/** The host's deadline for one exchange (eval or setVariable), in ms from sending it. */
export function hostDeadlineMs(
  options: Pick<ResolvedOptions, 'timeoutMs'> & Partial<Pick<ResolvedOptions, 'dialect'>>,
): number {
  return options.dialect === 'mquickjs'
    ? options.timeoutMs + START_ALLOWANCE_MS
    : options.timeoutMs;
}
