/** connect(url, { token }): the local API's shape and errors, against a real `serve --http`. */
import assert from 'node:assert/strict';
import { createServer, connect as tcpConnect, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  ArgumentError,
  connect,
  JavaScriptError,
  SandboxError,
  TimeoutError,
  type Client,
} from '../../src/index.js';
import { TestNode, TOKENS, writeTokenFile } from '../server/http/node.js';

describe('connect: the TypeScript client', () => {
  let node: TestNode;
  let client: Client;
  before(async () => {
    node = new TestNode(['--token-file', writeTokenFile()]);
    client = connect(await node.url, { token: TOKENS.acme });
  });
  after(async () => {
    client.close();
    await node.stop();
  });

  test('run resolves with the Result: value, console, stats', async () => {
    const result = await client.run('console.log("hi"); ({ sum: 1 + 2, when: new Date(0) })');
    assert.deepEqual(result.value, { sum: 3, when: '1970-01-01T00:00:00.000Z' });
    assert.equal(result.console, 'hi\n');
    assert.ok(result.stats.wallMs > 0);
  });

  test('a failing script rejects with the same error class, code and console', async () => {
    await assert.rejects(client.run('console.log("before"); null.x'), (error: unknown) => {
      assert.ok(error instanceof JavaScriptError);
      assert.equal(error.code, 'JAVASCRIPT_ERROR');
      assert.equal(error.console, 'before\n');
      assert.match(error.stack ?? '', /script\.js:1/);
      return true;
    });
    await assert.rejects(client.run('while (true) {}', { timeoutMs: 300 }), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.code, 'WALL_TIMEOUT');
      return true;
    });
  });

  test('bad options reject with ArgumentError naming the option', async () => {
    await assert.rejects(client.run('1', { timeoutMs: -5 }), (error: unknown) => {
      assert.ok(error instanceof ArgumentError);
      assert.match(error.message, /timeoutMs/);
      return true;
    });
  });

  test('createSandbox: eval keeps globals, setVariable, dispose; then SANDBOX_CLOSED', async () => {
    const sandbox = await client.createSandbox({ timeoutMs: 2000 });
    assert.match(sandbox.id, /^[a-z0-9-]+\.[0-9a-f-]{36}$/);
    assert.equal((await sandbox.eval('globalThis.n = 1; n')).value, 1);
    await sandbox.setVariable('config', { limit: 3 });
    assert.equal((await sandbox.eval('n + config.limit')).value, 4);
    await assert.rejects(
      sandbox.setVariable('f', () => 1),
      ArgumentError,
    );
    await sandbox.dispose();
    await assert.rejects(sandbox.eval('n'), (error: unknown) => {
      assert.ok(error instanceof SandboxError);
      assert.equal(error.code, 'SANDBOX_CLOSED');
      return true;
    });
  });

  test('an unknown token rejects with SandboxError UNAUTHORIZED', async () => {
    const stranger = connect(await node.url, { token: 'not-a-token-of-this-server' });
    await assert.rejects(stranger.run('1'), (error: unknown) => {
      assert.ok(error instanceof SandboxError);
      assert.equal(error.code, 'UNAUTHORIZED');
      return true;
    });
    stranger.close();
  });

  test('a server that cannot be reached rejects with SandboxError SANDBOX_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as { port: number };
    await new Promise((done) => closed.close(done));
    const nobody = connect(`http://127.0.0.1:${port}`, { token: TOKENS.acme });
    await assert.rejects(nobody.run('1'), (error: unknown) => {
      assert.ok(error instanceof SandboxError);
      assert.equal(error.code, 'SANDBOX_UNAVAILABLE');
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
    nobody.close();
    assert.throws(() => connect('not a url'), ArgumentError);
  });

  test('keeps its connection alive across requests', async () => {
    const target = new URL(await node.url);
    let connections = 0;
    const relay: Server = createServer((socket) => {
      connections++;
      const upstream = tcpConnect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
    const { port } = relay.address() as { port: number };
    const relayed = connect(`http://127.0.0.1:${port}`, { token: TOKENS.acme });
    for (let i = 0; i < 4; i++) assert.equal((await relayed.run(`${i} * 2`)).value, i * 2);
    assert.equal(connections, 1);
    relayed.close();
    await new Promise((done) => relay.close(done));
  });
});
