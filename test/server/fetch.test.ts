/** fetch through `bunker serve --stdio`: the http option travels in `options`, requests come back. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { echo, loopbackPolicy, startServer, type TestServer } from '../broker/servers.js';
import { ServerClient } from './client.js';

let target: TestServer;
let server: ServerClient;
before(async () => {
  target = await startServer(echo);
  server = new ServerClient();
  await server.started();
});
after(async () => {
  await server.close();
  await target.close();
});

test('run with an http policy answers with the value and the requests', async () => {
  const code = `(await (await fetch('http://api.test:${target.port}/s')).json()).url`;
  const answer = await server.request({
    op: 'run',
    code,
    options: { http: loopbackPolicy(target.port) },
  });
  assert.equal(answer.ok, true);
  assert.equal(answer.value, '/s');
  assert.deepEqual(
    answer.requests.map((r) => [r.method, r.url, r.status]),
    [['GET', `http://api.test:${target.port}/s`, 200]],
  );
});

test('a blocked fetch fails the run with HTTPBlockedError and the refused request', async () => {
  const answer = await server.request({
    op: 'run',
    code: `await fetch('http://127.0.0.1:${target.port}/')`,
    options: { http: loopbackPolicy(target.port) },
  });
  assert.equal(answer.ok, false);
  assert.deepEqual(answer.error, {
    name: 'HTTPBlockedError',
    code: 'HTTP_BLOCKED',
    message: `http://127.0.0.1:${target.port}/ is not in the allowlist`,
  });
  assert.equal(answer.requests[0]!.blocked, 'allowlist');
  assert.equal(target.hits.length, 1);
});

test('a bad http option is an ArgumentError naming it', async () => {
  const answer = await server.request({
    op: 'run',
    code: '1',
    options: { http: { allowlist: [], denylist: [] } },
  });
  assert.deepEqual(answer.error, {
    name: 'ArgumentError',
    code: 'INVALID_OPTION',
    message: 'option "http": give either allowlist or denylist, not both',
  });
});
