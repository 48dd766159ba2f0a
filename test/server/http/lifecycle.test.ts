/** Idle sandboxes expire; SIGTERM drains: readyz 503, new work 503, runs in flight finish, exit 0. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { descendants } from '../../../src/host/proc.js';
import { isAlive } from '../client.js';
import { TestNode, TOKENS, writeTokenFile } from './node.js';

describe('bunker serve --http: lifecycle', () => {
  test('a sandbox idle past --sandbox-idle-ms is disposed and then unknown (404)', async () => {
    const node = new TestNode(['--token-file', writeTokenFile(), '--sandbox-idle-ms', '300']);
    try {
      const { body } = await node.request('POST', '/v1/sandboxes', {
        token: TOKENS.acme,
        body: {},
      });
      const path = `/v1/sandboxes/${body.id}/eval`;
      const used = await node.request('POST', path, { token: TOKENS.acme, body: { code: '1' } });
      assert.equal(used.body.value, 1);
      await new Promise((wake) => setTimeout(wake, 1000));
      const expired = await node.request('POST', path, { token: TOKENS.acme, body: { code: '1' } });
      assert.equal(expired.status, 404);
      assert.equal(expired.body.error.code, 'SANDBOX_CLOSED');
      const metrics = await node.request('GET', '/metrics');
      assert.match(metrics.text, /^bunker_live_sandboxes 0$/m);
    } finally {
      await node.stop();
    }
  });

  test("the node's process cap (--max-processes) answers 429 with Retry-After, whoever asks", async () => {
    const node = new TestNode(['--token-file', writeTokenFile(), '--max-processes', '1']);
    try {
      const held = await node.request('POST', '/v1/sandboxes', { token: TOKENS.acme, body: {} });
      assert.equal(held.status, 201);
      for (const [path, body] of [
        ['/v1/sandboxes', {}],
        ['/v1/run', { code: '1' }],
      ] as const) {
        const refused = await node.request('POST', path, { token: TOKENS.other, body });
        assert.equal(refused.status, 429, path);
        assert.equal(refused.headers.get('retry-after'), '1');
        assert.equal(refused.body.error.code, 'TOO_MANY_SANDBOXES');
      }
      const path = `/v1/sandboxes/${held.body.id}`;
      assert.equal((await node.request('DELETE', path, { token: TOKENS.acme })).status, 204);
      const after = await node.request('POST', '/v1/run', {
        token: TOKENS.other,
        body: { code: '3' },
      });
      assert.deepEqual([after.status, after.body.value], [200, 3]);
    } finally {
      await node.stop();
    }
  });

  test('a sandbox in use does not expire during a long eval', async () => {
    const node = new TestNode(['--token-file', writeTokenFile(), '--sandbox-idle-ms', '200']);
    try {
      const { body } = await node.request('POST', '/v1/sandboxes', {
        token: TOKENS.acme,
        body: {},
      });
      const path = `/v1/sandboxes/${body.id}/eval`;
      const code = 'await new Promise((r) => setTimeout(r, 900)); "done"';
      const long = await node.request('POST', path, { token: TOKENS.acme, body: { code } });
      assert.equal(long.body.value, 'done');
      const after = await node.request('POST', path, { token: TOKENS.acme, body: { code: '2' } });
      assert.equal(after.body.value, 2);
    } finally {
      await node.stop();
    }
  });

  test('SIGTERM: readyz 503, new work 503, the run in flight finishes, sandboxes disposed, exit 0', async () => {
    const node = new TestNode(['--token-file', writeTokenFile()]);
    await node.url;
    const sandbox = await node.request('POST', '/v1/sandboxes', { token: TOKENS.acme, body: {} });
    assert.equal(sandbox.status, 201);
    const inFlight = node.request('POST', '/v1/run', {
      token: TOKENS.acme,
      body: { code: 'await new Promise((r) => setTimeout(r, 1200)); "finished"' },
    });
    await new Promise((wake) => setTimeout(wake, 300));
    const processes = descendants(node.child.pid!).map((process) => process.pid);
    assert.ok(processes.length >= 2, 'the sandbox and the run each hold a process');
    node.child.kill('SIGTERM');
    await new Promise((wake) => setTimeout(wake, 200));
    const ready = await node.request('GET', '/readyz');
    assert.deepEqual([ready.status, ready.body], [503, { ready: false, draining: true }]);
    const refused = await node.request('POST', '/v1/run', {
      token: TOKENS.acme,
      body: { code: '1' },
    });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, 'SANDBOX_UNAVAILABLE');
    assert.equal((await node.request('GET', '/healthz')).status, 200);
    const finished = await inFlight;
    assert.deepEqual([finished.status, finished.body.value], [200, 'finished']);
    assert.deepEqual(await node.exited, { code: 0, signal: null });
    const drained = node.log.find((line) => line.event === 'drained');
    assert.deepEqual(drained, { event: 'drained', cut: 0 });
    await new Promise((wake) => setTimeout(wake, 500));
    assert.deepEqual(processes.filter(isAlive), [], 'no process of the node outlived it');
  });

  test('SIGTERM: a run longer than --drain-timeout-ms is cut, and the node still exits 0', async () => {
    const node = new TestNode(['--token-file', writeTokenFile(), '--drain-timeout-ms', '300']);
    await node.url;
    const inFlight = node
      .request('POST', '/v1/run', {
        token: TOKENS.acme,
        body: {
          code: 'await new Promise((r) => setTimeout(r, 3000))',
          options: { timeoutMs: 5000 },
        },
      })
      .then(
        () => 'answered',
        (error: Error) => error.name,
      );
    await new Promise((wake) => setTimeout(wake, 300));
    const signalled = Date.now();
    node.child.kill('SIGTERM');
    assert.deepEqual(await node.exited, { code: 0, signal: null });
    assert.ok(Date.now() - signalled < 2500, `exit took ${Date.now() - signalled} ms`);
    assert.equal(await inFlight, 'TypeError'); // fetch failed: the connection was cut
    assert.deepEqual(
      node.log.find((line) => line.event === 'drained'),
      { event: 'drained', cut: 1 },
    );
  });
});
