/** Every request that was sent is in `requests`, with how it ended, whatever ends the eval. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { JavaScriptError, run, TimeoutError } from '../../src/index.js';
import type { RequestRecord } from '../../src/broker/record.js';
import { loopbackPolicy, reply, startServer, type TestServer } from './servers.js';

let server: TestServer;
let base: string;
before(async () => {
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/hold')) {
      // Answers the head at once and the body never (until the broker cuts it, or 10 s).
      res.writeHead(200);
      res.flushHeaders();
      const stop = setTimeout(() => res.end(), 10_000);
      res.on('close', () => clearTimeout(stop));
      return;
    }
    reply(res, 200, {}, 'ok');
  });
  base = `http://api.test:${server.port}`;
});
after(() => server.close());
beforeEach(() => {
  server.hits.length = 0;
});

const withoutTime = (requests: readonly RequestRecord[]) =>
  requests.map(({ durationMs: _d, ...rest }) => rest);

async function failure(code: string, options: Parameters<typeof run>[1]) {
  return run(code, options).then(
    () => assert.fail('the eval should have failed'),
    (error: unknown) => error,
  );
}

test('a POST in flight when the script throws reached the server and is on record as cut', async () => {
  const code = `fetch('${base}/hold', { method: 'POST', body: 'payload' }); await new Promise((r) => setTimeout(r, 500)); throw new Error('boom')`;
  const error = await failure(code, { http: loopbackPolicy(server.port) });
  assert.ok(error instanceof JavaScriptError, String(error));
  assert.deepEqual(
    server.hits.map((h) => [h.method, h.body]),
    [['POST', 'payload']],
  );
  assert.deepEqual(withoutTime(error.requests), [
    {
      method: 'POST',
      url: `${base}/hold`,
      status: 200,
      requestBytes: 7,
      responseBytes: 0,
      error: 'HTTPError: cut when the eval ended',
    },
  ]);
  assert.equal(error.requestsOmitted, 0);
});

test('requests in flight and queued when timeoutMs ends the eval are all on record', async () => {
  const code = `await Promise.all(Array.from({ length: 34 }, (_, i) => fetch('${base}/hold?n=' + i)))`;
  const error = await failure(code, {
    http: loopbackPolicy(server.port, { maxRequests: 34, requestTimeoutMs: 60_000 }),
    timeoutMs: 2000,
  });
  assert.ok(error instanceof TimeoutError, String(error));
  assert.equal(server.hits.length, 32);
  const ended = error.requests.map((r) => `${r.status} ${r.error}`);
  assert.deepEqual(ended.sort(), [
    ...Array<string>(32).fill('200 HTTPError: cut when the eval ended'),
    ...Array<string>(2).fill('null HTTPError: not sent: the eval ended while it waited its turn'),
  ]);
});

test('past 1000 refused attempts, a real POST is still on record and the rest are counted', async () => {
  const refuse = (n: number) =>
    `for (let i = 0; i < ${n}; i++) await fetch('http://elsewhere.test/').catch(() => {});`;
  const code = `${refuse(700)} await fetch('${base}/post', { method: 'POST', body: 'real' }); ${refuse(700)} 'done'`;
  const result = await run(code, {
    http: loopbackPolicy(server.port, { maxRequests: 2000 }),
    timeoutMs: 30_000, // 1401 round trips: not what this test measures
  });
  assert.equal(result.value, 'done');
  assert.equal(result.requests.length, 1001);
  assert.equal(result.requestsOmitted, 400);
  assert.deepEqual(withoutTime(result.requests.filter((r) => r.method === 'POST')), [
    { method: 'POST', url: `${base}/post`, status: 200, requestBytes: 4, responseBytes: 2 },
  ]);
  assert.deepEqual(
    [...new Set(result.requests.filter((r) => r.method !== 'POST').map((r) => r.blocked))],
    ['allowlist'],
  );
});

test('a fetch aborted while it waits its turn is recorded as aborted and never sent', async () => {
  const code = `
    const holds = Array.from({ length: 32 }, (_, i) => fetch('${base}/hold?n=' + i).catch(() => 'cut'));
    const controller = new AbortController();
    const queued = fetch('${base}/queued', { signal: controller.signal }).catch((e) => e.name);
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await queued`;
  const error = await failure(code, {
    http: loopbackPolicy(server.port, { maxRequests: 40, requestTimeoutMs: 60_000 }),
    timeoutMs: 1500,
  });
  // The holds keep the eval open until timeoutMs; what matters is how the queued one ended.
  assert.ok(error instanceof TimeoutError, String(error));
  assert.equal(server.hits.filter((h) => h.url === '/queued').length, 0);
  assert.deepEqual(withoutTime(error.requests.filter((r) => r.url.endsWith('/queued'))), [
    {
      method: 'GET',
      url: `${base}/queued`,
      status: null,
      requestBytes: 0,
      responseBytes: 0,
      error: 'HTTPError: aborted by the script',
    },
  ]);
});
