/** After every kind of ending, nothing of the sandbox is left: no process, no file descriptor. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { Pool, Sandbox } from '../src/index.js';
import { useEscapedGuest } from './support/escaped-guest.js';

// One script spawns a process: it holds Bun through the test-only guest.
useEscapedGuest();

const guestProcesses = () => {
  try {
    return execFileSync('pgrep', ['-f', 'bun.exe --no-install'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};
const openFds = () => readdirSync('/proc/self/fd').length;

async function settle(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

test('runs that end in every way leave no process and no descriptor behind', async () => {
  const warmUp = new Pool({ size: 0 });
  await warmUp.run('1'); // module state: the cached sandbox wrapper, lazily opened files
  await warmUp.dispose();
  const fdsBefore = openFds();
  const pool = new Pool({ size: 2 });
  const scripts: [string, object][] = [
    ['1 + 1', {}],
    ['throw new Error("x")', {}],
    ['let = ;', {}],
    ['for (;;) {}', { timeoutMs: 200 }],
    ['const a = []; for (;;) a.push(new Array(1e5).fill(1))', { memoryLimit: '16mb' }],
    ['console.log("x".repeat(1e6)); 1', { consoleMaxBytes: 10 }],
    ['Bun.spawn(["/usr/bin/sleep", "5"]); await new Promise(() => {})', { timeoutMs: 3000 }],
  ];
  for (let round = 0; round < 3; round++) {
    await Promise.all(scripts.map(([code, options]) => pool.run(code, options).catch(() => {})));
  }
  const sandbox = await Sandbox.create({ pool: false });
  await sandbox.eval('1');
  await sandbox.dispose();
  await pool.dispose();
  assert.ok(
    await settle(() => guestProcesses().length === 0),
    `left: ${guestProcesses().join(', ')}`,
  );
  assert.ok(await settle(() => openFds() <= fdsBefore), `fds ${fdsBefore} -> ${openFds()}`);
});
