/**
 * Lowers this process's scheduling group (its session's autogroup) before the rest of the guest
 * loads: bubblewrap's --new-session made the group, and a new group is weighed like the host's
 * own whatever its members' priority (host/priority.ts says why that starved the host). The host
 * lowers it again once it finds this process; this only makes the guest's own start yield too.
 */
import { writeExisting } from './libc.js';

/** host/priority.ts's SANDBOX_NICE (the guest imports nothing of the host's; a test checks both). */
const SANDBOX_NICE = 10;

// Through libc, not node:fs (libc.ts says why). False without autogroup support in this kernel:
// the process's own scheduling policy applies.
writeExisting('/proc/self/autogroup', String(SANDBOX_NICE));
