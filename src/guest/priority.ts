/**
 * Lowers this process's scheduling group (its session's autogroup) to the nice the host started
 * it with, before the rest of the guest loads: bubblewrap's --new-session made the group, and a
 * new group is weighed like the host's own whatever its members' nice (host/priority.ts says
 * why that starved the host). The host lowers it again once it finds this process; this only
 * makes the guest's own start cheap for the host too.
 */
import { writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';

try {
  writeFileSync('/proc/self/autogroup', String(getPriority()));
} catch {
  // No autogroup support in this kernel: the process's own nice applies.
}
