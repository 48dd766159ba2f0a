/** Replies that used to fail or hang: an empty body with a Content-Encoding, a 101 Switching Protocols. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { run } from '../../src/index.js';
import { loopbackPolicy, reply, startServer, type TestServer } from './servers.js';

let server: TestServer;
let base: string;
before(async () => {
  server = await startServer((req, res) => {
    switch (req.url) {
      case '/empty-gzip':
        return reply(res, 200, { 'content-encoding': 'gzip', 'content-length': 0 });
      case '/empty-br-chunked':
        return reply(res, 200, { 'content-encoding': 'br' });
      case '/redirect-empty-gzip':
        return reply(res, 302, { location: '/done', 'content-encoding': 'gzip' });
      case '/switch':
        return reply(res, 101);
      case '/switch-upgrade':
        return reply(res, 101, { upgrade: 'websocket', connection: 'upgrade' });
      default:
        return reply(res, 200, {}, 'done');
    }
  });
  base = `http://api.test:${server.port}`;
});
after(() => server.close());
beforeEach(() => {
  server.hits.length = 0;
});

/** The body text or the error, and the records; requestTimeoutMs far away, so nothing waits on it. */
async function outcome(path: string) {
  const code = `await fetch(${JSON.stringify(base + path)}).then(async (r) => [r.status, await r.text()], (e) => e.name + ': ' + e.message)`;
  const result = await run(code, {
    http: loopbackPolicy(server.port, { requestTimeoutMs: 60_000 }),
    timeoutMs: 5000,
  });
  return {
    value: result.value,
    requests: result.requests.map(({ durationMs: _d, ...rest }) => rest),
  };
}

test('an empty body with Content-Encoding gzip is an empty string', async () => {
  const { value, requests } = await outcome('/empty-gzip');
  assert.deepEqual(value, [200, '']);
  assert.deepEqual(requests, [
    { method: 'GET', url: `${base}/empty-gzip`, status: 200, requestBytes: 0, responseBytes: 0 },
  ]);
});

test('an empty chunked body with Content-Encoding br is an empty string', async () => {
  assert.deepEqual((await outcome('/empty-br-chunked')).value, [200, '']);
});

test('a redirect with Content-Encoding gzip and no body is followed', async () => {
  const { value, requests } = await outcome('/redirect-empty-gzip');
  assert.deepEqual(value, [200, 'done']);
  assert.deepEqual(
    requests.map((r) => [r.url, r.status]),
    [
      [`${base}/redirect-empty-gzip`, 302],
      [`${base}/done`, 200],
    ],
  );
});

for (const [path, how] of [
  ['/switch', 'without an Upgrade header'],
  ['/switch-upgrade', 'with Upgrade: websocket'],
]) {
  test(`a 101 reply ${how} to a plain request is an HTTPError at once`, async () => {
    const started = performance.now();
    const { value, requests } = await outcome(path!);
    const message = `${base} answered 101 Switching Protocols to a request that asked for no upgrade`;
    assert.equal(value, `HTTPError: ${message}`);
    assert.deepEqual(requests, [
      {
        method: 'GET',
        url: `${base}${path}`,
        status: 101,
        requestBytes: 0,
        responseBytes: 0,
        error: `HTTPError: ${message}`,
      },
    ]);
    // Before the fix it waited for requestTimeoutMs; the eval's 5 s would have ended it first.
    assert.ok(performance.now() - started < 4000);
  });
}
