/**
 * Sandboxes are started by the host's spawner process (src/host/spawner/), never by the host's
 * own thread: a spawn blocks its caller until the child has exec'd. Its sandboxes die with it,
 * and the next sandbox gets a new spawner.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultPool } from '../../src/default-pool.js';
import { descendants, readStat, type ProcStat } from '../../src/host/proc.js';
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

  test('a host that exits while sandboxes are starting leaves no spawner and no sandbox', async () => {
    // Node holds back the spawner's 'disconnect' while a pipe it sent waits for the host's
    // acknowledgement: a host gone at that moment must still end it (seen: a server closed
    // while its pool refilled).
    const index = JSON.stringify(resolve(import.meta.dirname, '../../src/index.js'));
    const script = `import { Sandbox } from ${index};
await Sandbox.create({ pool: false });
for (let i = 0; i < 4; i++) void Sandbox.create({ pool: false });
// Its requests out, the host stops reading while the spawner answers them, then exits.
setTimeout(() => {
  const until = Date.now() + 1000;
  while (Date.now() < until);
  process.exit(0);
}, 20);`;
    // Not inherited: a spawner that outlived the host would hold this test's own output open.
    const host = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    host.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise((r) => host.once('exit', r));
    const seen = new Map<number, ProcStat>();
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      for (const p of descendants(host.pid!)) seen.set(p.pid, p);
      await new Promise((r) => setTimeout(r, 5));
    }
    host.stderr.destroy();
    const spawner = [...seen.values()].filter((p) => p.comm === SPAWNER_TITLE);
    assert.equal(spawner.length, 1, `the host had started its spawner; its stderr: ${stderr}`);
    await until(
      () => [...seen.values()].every((p) => readStat(p.pid)?.comm !== p.comm),
      'the spawner and every sandbox to end with the host',
    );
  });
});
