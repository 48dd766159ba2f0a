/** How the server ends: stdin closing or a signal disposes everything, answers, exits 0. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServerClient } from './client.js';

describe('bunker serve --stdio: ending', () => {
  test('stdin closing disposes every sandbox, answers what is in flight, exits 0, leaves no process', async () => {
    const server = new ServerClient();
    await server.started();
    const idle = await server.create();
    const busy = await server.create({ timeoutMs: 60_000 });
    const evalInFlight = server.request({
      op: 'eval',
      handle: busy,
      code: 'await new Promise((r) => setTimeout(r, 30_000)); "never"',
    });
    const runInFlight = server.request({
      op: 'run',
      code: 'await new Promise((r) => setTimeout(r, 300)); "finished"',
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(server.remember() >= 3, 'the server holds its guests');
    const closedAt = performance.now();
    const { code, signal } = await server.close();
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    assert.ok(performance.now() - closedAt < 5000, 'exits without waiting for the 30 s eval');
    const evalAnswer = await evalInFlight;
    assert.equal(evalAnswer.error?.name, 'SandboxError');
    assert.equal(evalAnswer.error?.code, 'SANDBOX_CLOSED');
    assert.equal((await runInFlight).value, 'finished', 'a run in flight still completes');
    assert.deepEqual(await server.survivors(), []);
    assert.equal(idle.length, 36);
  });

  test('a last request without a newline before stdin closes is still answered', async () => {
    const server = new ServerClient();
    await server.started();
    const answer = server.answerFor('last');
    server.write('{"v":1,"id":"last","op":"ping"}');
    await server.close();
    assert.equal((await answer).value, 'pong');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} disposes every sandbox and exits 0`, async () => {
      const server = new ServerClient();
      await server.started();
      const handle = await server.create({ timeoutMs: 60_000 });
      const inFlight = server.request({ op: 'eval', handle, code: 'for (;;) {}' });
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(server.remember() >= 1, 'the server holds its guest');
      server.child.kill(signal);
      const { code } = await server.exited;
      assert.equal(code, 0);
      assert.equal((await inFlight).error?.code, 'SANDBOX_CLOSED');
      assert.deepEqual(await server.survivors(), []);
    });
  }

  test('BUNKER_DEBUG=1 logs to stderr and never to stdout', async () => {
    const server = new ServerClient({ BUNKER_DEBUG: '1' });
    await server.started();
    await server.request({ op: 'ping' }, 'dbg');
    server.write('garbage\n');
    await server.answerFor(null);
    await server.close();
    assert.match(server.stderr, /bunker serve: <- "dbg" ping/);
    assert.match(server.stderr, /bunker serve: refused a line \(id null\): the line is not JSON/);
    assert.match(server.stderr, /bunker serve: stdin closed/);
    assert.ok(server.lines.every((line) => line.v === 1));
  });

  test('without BUNKER_DEBUG stderr stays empty', async () => {
    const server = new ServerClient();
    await server.started();
    await server.request({ op: 'run', code: 'console.error("to the console"); 1' });
    await server.close();
    assert.equal(server.stderr, '');
  });
});
