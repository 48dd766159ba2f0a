/**
 * Lowers this process's scheduling group (its session's autogroup) before the rest of the guest
 * loads: bubblewrap's --new-session made the group, and a new group is weighed like the host's
 * own whatever its members' priority (host/priority.ts says why that starved the host). The host
 * lowers it again once it finds this process; this only makes the guest's own start yield too.
 */
import { writeFileSync } from 'node:fs';

/** host/priority.ts's SANDBOX_NICE (the guest imports nothing of the host's; a test checks both). */
const SANDBOX_NICE = 10;

try {
  writeFileSync('/proc/self/autogroup', String(SANDBOX_NICE));
} catch {
  // No autogroup support in this kernel: the process's own scheduling policy applies.
}
