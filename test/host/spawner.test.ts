/**
 * Sandboxes are started by the host's spawner process (src/host/spawner/), never by the host's
 * own thread: a spawn blocks its caller until the child has exec'd. Its sandboxes die with it,
 * and the next sandbox gets a new spawner.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { defaultPool } from '../../src/default-pool.js';
import { descendants, readStat } from '../../src/host/proc.js';
import { SPAWNER_TITLE } from '../../src/host/spawner/messages.js';
import { run, Sandbox, SandboxError } from '../../src/index.js';

const spawners = () =>
  descendants(process.pid)
    .filter((p) => p.comm === SPAWNER_TITLE)
    .map((p) => p.pid);

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), `timed out waiting for ${what}`);
}

describe('the spawner', () => {
  after(() => defaultPool().dispose());

  test('starts every sandbox: the host has no sandbox process as its own child', async () => {
    const sandbox = await Sandbox.create({ pool: false });
    try {
      const [spawner, ...more] = spawners();
      assert.equal(more.length, 0, 'one spawner per host');
      const children = descendants(process.pid).filter((p) => p.ppid === process.pid);
      assert.deepEqual(
        children.filter((p) => p.comm === 'bwrap').map((p) => p.pid),
        [],
        'no bubblewrap is the host’s own child',
      );
      const bwraps = descendants(spawner!).filter((p) => p.ppid === spawner);
      assert.ok(bwraps.length >= 1, 'the sandbox is the spawner’s child');
      assert.equal((await sandbox.eval('6 * 7')).value, 42);
    } finally {
      await sandbox.dispose();
    }
  });

  test('its sandboxes end with it, their owners are told, and the next run gets a new one', async () => {
    const sandbox = await Sandbox.create({ pool: false, timeoutMs: 20_000 });
    const [spawner] = spawners();
    assert.ok(spawner !== undefined, 'a spawner runs');
    const sandboxProcesses = descendants(spawner);
    assert.ok(sandboxProcesses.length >= 2);
    const inFlight = sandbox.eval('await new Promise((r) => setTimeout(r, 10000)); 1');
    await new Promise((r) => setTimeout(r, 200));
    process.kill(spawner, 'SIGKILL');
    const failure = await inFlight.then(
      () => assert.fail('the eval outlived its sandbox'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof SandboxError, String(failure));
    assert.equal(failure.code, 'SANDBOX_CRASHED');
    await until(
      () => sandboxProcesses.every((p) => readStat(p.pid)?.comm !== p.comm),
      'the sandbox processes to end with their spawner',
    );
    await sandbox.dispose();
    assert.equal((await run('1 + 1', { pool: false })).value, 2);
    const [next] = spawners();
    assert.ok(next !== undefined && next !== spawner, 'a new spawner started');
  });
});
