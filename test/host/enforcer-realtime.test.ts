/**
 * The enforcing thread runs real-time where the host may (src/host/enforcer-realtime.ts): then
 * no crowd of busy sandboxes can keep it off the CPU while a poll is due. As root (here, under
 * scripts/isolated.sh) it must be; elsewhere the test is skipped with the reason, and
 * test/nonroot.test.ts shows the limits holding without it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { defaultPool } from '../../src/default-pool.js';
import { enforcingThreadScheduling } from '../../src/host/enforcer.js';
import { run } from '../../src/index.js';

const SCHED_FIFO = 1;
const root = process.getuid?.() === 0;

/** Scheduling policy and real-time priority of each thread of this process. */
function threadPolicies(): { policy: number; rtPriority: number }[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      // Fields after comm start at field 3 (state): rt_priority is field 40, policy field 41.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ rtPriority: Number(fields[37]), policy: Number(fields[38]) }];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

after(() => defaultPool().dispose());

describe('the enforcing thread', () => {
  test(
    'runs under SCHED_FIFO priority 1, the only real-time thread of the host',
    { skip: root ? false : 'not root: the kernel refuses real-time scheduling' },
    async () => {
      assert.deepEqual((await run('1 + 1')).value, 2);
      assert.deepEqual(enforcingThreadScheduling(), { realtime: true });
      const realtime = threadPolicies().filter((thread) => thread.policy !== 0);
      assert.deepEqual(realtime, [{ policy: SCHED_FIFO, rtPriority: 1 }]);
    },
  );
});
