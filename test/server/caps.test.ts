/** `bunker serve --max-processes`: creates past the cap are refused; the server holds no more processes. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { basename, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { descendants } from '../../src/host/proc.js';
import { runtimePaths } from '../../src/host/runtime-paths.js';
import { ServerClient } from './client.js';

const BUN_COMM = basename(runtimePaths().bun).slice(0, 15);
const bin = join(resolve(import.meta.dirname, '..', '..'), 'bin', 'bunker.js');

describe('bunker serve --stdio --max-processes', () => {
  test('20 creates at once under --max-processes 3: 3 sandboxes, 17 TOO_MANY_SANDBOXES, never a 4th process', async () => {
    const server = new ServerClient({}, ['--max-processes', '3']);
    await server.started();
    const guests = () => descendants(server.child.pid!).filter((p) => p.comm === BUN_COMM).length;
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, guests())), 5);
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => server.request({ op: 'create', options: {} })),
      );
      server.remember();
      const codes = answers.map((a) => (a.ok ? 'ok' : `${a.error?.name}/${a.error?.code}`));
      assert.deepEqual(
        codes.filter((c) => c === 'ok').length,
        3,
        `answers: ${JSON.stringify(codes)}`,
      );
      assert.deepEqual(
        new Set(codes.filter((c) => c !== 'ok')),
        new Set(['SandboxError/TOO_MANY_SANDBOXES']),
      );
      const handles = answers.flatMap((a) =>
        a.ok ? [(a.value as { handle: string }).handle] : [],
      );
      const evals = await Promise.all(
        handles.map((handle, i) => server.request({ op: 'eval', handle, code: `${i} + 1` })),
      );
      assert.deepEqual(
        evals.map((a) => a.value),
        [1, 2, 3],
      );
      // Open sandboxes fill the cap: a run has nothing to wait for.
      const run = await server.request({ op: 'run', code: '1' });
      assert.deepEqual(run.error?.code, 'TOO_MANY_SANDBOXES');
      // Disposing one makes room again.
      assert.equal((await server.request({ op: 'dispose', handle: handles[0] })).ok, true);
      const again = await server.request({ op: 'create', options: {} });
      assert.equal(again.ok, true, JSON.stringify(again.error));
      server.remember();
      clearInterval(watch);
      peak = Math.max(peak, guests());
      assert.equal(peak, 3);
    } finally {
      clearInterval(watch);
      await server.close();
    }
    assert.deepEqual(await server.survivors(), []);
  });

  test('a bad --max-processes is a usage error', () => {
    const result = spawnSync(process.execPath, [bin, 'serve', '--stdio', '--max-processes', '0'], {
      encoding: 'utf8',
      input: '',
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^bunker: --max-processes 0: option "maxProcesses": /);
  });
});
