/** The broker's per-eval session against frames a hostile guest could forge. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FetchSession } from '../../src/broker/session.js';
import { resolveOptions } from '../../src/options.js';
import type { FetchFrame, FetchReplyFrame } from '../../src/protocol/frames.js';
import { startServer, type TestServer } from './servers.js';

let server: TestServer;
let closed = 0;
before(async () => {
  // Answers with a body that never ends: only the broker can cut it.
  server = await startServer((_req, res) => {
    res.writeHead(200);
    res.flushHeaders();
    const timer = setInterval(() => res.write('.'), 20);
    const stop = setTimeout(() => res.end(), 10_000);
    res.on('close', () => {
      clearInterval(timer);
      clearTimeout(stop);
      closed++;
    });
  });
});
after(() => server.close());

const policy = (extra: Record<string, unknown> = {}) =>
  resolveOptions({
    http: {
      allowlist: ['api.test', 'queued.test'],
      allowedPorts: [server.port],
      resolve: { 'api.test': '127.0.0.2' },
      allowedIps: ['127.0.0.2/32'],
      requestTimeoutMs: 60_000,
      ...extra,
    },
  }).http;

const frame = (fetchId: number, url = `http://api.test:${server.port}/hang`): FetchFrame => ({
  v: 1,
  type: 'fetch',
  id: 1,
  fetchId,
  method: 'GET',
  url,
  headers: [],
  body: null,
  redirect: 'follow',
});

/** A session whose guest keeps to the protocol: a violation fails the test. */
const honestSession = (replies: FetchReplyFrame[]) =>
  new FetchSession(policy(), {
    reply: (reply) => replies.push(reply),
    violation: (detail) => assert.fail(detail),
  });

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(condition(), what);
}

test('a reused fetchId is a protocol violation and takes over nothing', async () => {
  const violations: string[] = [];
  const replies: FetchReplyFrame[] = [];
  const session = new FetchSession(policy(), {
    reply: (reply) => replies.push(reply),
    violation: (detail) => violations.push(detail),
  });
  closed = 0;
  session.handle(frame(1));
  await until(() => server.hits.length === 1, 'the first request reached the server');
  session.handle(frame(1, 'http://127.0.0.1/'));
  assert.deepEqual(violations, ['the guest reused fetchId 1']);
  assert.deepEqual(replies, []);
  // The eval ends: the original request is still cut, at once.
  session.close();
  await until(() => closed === 1, 'the server saw the connection cut');
});

test('the end of the eval cuts every request in flight, and nothing more is answered', async () => {
  const replies: FetchReplyFrame[] = [];
  const session = honestSession(replies);
  server.hits.length = 0;
  closed = 0;
  for (const id of [1, 2, 3]) session.handle(frame(id));
  await until(() => server.hits.length === 3, 'three requests reached the server');
  session.close();
  await until(() => closed === 3, 'the server saw three connections cut');
  assert.deepEqual(replies, []);
});

test('fetchAbort cuts one request and answers it as aborted', async () => {
  const replies: FetchReplyFrame[] = [];
  const session = honestSession(replies);
  server.hits.length = 0;
  closed = 0;
  session.handle(frame(7));
  await until(() => server.hits.length === 1, 'the request reached the server');
  session.handle({ v: 1, type: 'fetchAbort', id: 1, fetchId: 7 });
  await until(() => closed === 1, 'the server saw the connection cut');
  await until(() => replies.length === 1, 'the fetch was answered');
  assert.deepEqual(replies[0], {
    v: 1,
    type: 'fetchReply',
    fetchId: 7,
    ok: false,
    error: { name: 'HTTPError', message: 'aborted by the script' },
  });
  session.close();
});

test('more than 10000 fetch calls in one eval is a protocol violation', () => {
  const violations: string[] = [];
  let replies = 0;
  const session = new FetchSession(undefined, {
    reply: () => replies++,
    violation: (detail) => violations.push(detail),
  });
  for (let id = 1; id <= 10_001; id++) session.handle(frame(id, 'http://a.test/'));
  assert.equal(replies, 10_000);
  assert.deepEqual(violations, ['the script made more than 10000 fetch calls in one eval']);
  assert.equal(session.requests.length, 1000);
  session.close();
});

test('a fetch aborted while it waits its turn is answered and recorded as aborted, never looked up', async () => {
  const replies: FetchReplyFrame[] = [];
  const asked: string[] = [];
  const session = new FetchSession(
    policy({ maxRequests: 40 }),
    {
      reply: (reply) => replies.push(reply),
      violation: (detail) => assert.fail(detail),
    },
    (host) => {
      asked.push(host);
      return Promise.resolve(['127.0.0.2']);
    },
  );
  server.hits.length = 0;
  closed = 0;
  // api.test is pinned by `resolve`: only queued.test could reach the resolver.
  for (let id = 1; id <= 32; id++) session.handle(frame(id));
  session.handle(frame(33, `http://queued.test:${server.port}/`));
  await until(() => server.hits.length === 32, 'the first 32 requests reached the server');
  session.handle({ v: 1, type: 'fetchAbort', id: 1, fetchId: 33 });
  assert.deepEqual(replies, [
    {
      v: 1,
      type: 'fetchReply',
      fetchId: 33,
      ok: false,
      error: { name: 'HTTPError', message: 'aborted by the script' },
    },
  ]);
  assert.deepEqual(session.requests, [
    {
      method: 'GET',
      url: `http://queued.test:${server.port}/`,
      status: null,
      durationMs: 0,
      requestBytes: 0,
      responseBytes: 0,
      error: 'HTTPError: aborted by the script',
    },
  ]);
  session.close();
  await until(() => closed === 32, 'the server saw 32 connections cut');
  assert.deepEqual(asked, []);
  assert.equal(server.hits.length, 32);
  assert.equal(session.requests.length, 33);
  assert.deepEqual(
    session.requests.slice(1).map((r) => [r.status, r.error]),
    Array(32).fill([200, 'HTTPError: cut when the eval ended']),
  );
});

test('past 1000 records, refused attempts are left out and counted, never a sent request', async () => {
  const replies: FetchReplyFrame[] = [];
  const session = new FetchSession(policy({ maxRequests: 2000 }), {
    reply: (reply) => replies.push(reply),
    violation: (detail) => assert.fail(detail),
  });
  server.hits.length = 0;
  closed = 0;
  for (let id = 1; id <= 600; id++) session.handle(frame(id, 'http://other.test/'));
  session.handle({ ...frame(601), method: 'POST', body: Buffer.from('real').toString('base64') });
  for (let id = 602; id <= 1201; id++) session.handle(frame(id, 'http://other.test/'));
  await until(() => replies.length === 1200, 'every refused fetch was answered');
  await until(() => server.hits.length === 1, 'the POST reached the server');
  await new Promise((r) => setTimeout(r, 200)); // for its response head to arrive
  session.close();
  assert.equal(session.requests.length, 1001);
  assert.equal(session.omitted, 200);
  const sent = session.requests.filter((r) => r.method === 'POST');
  assert.deepEqual(
    sent.map((r) => [r.url, r.status, r.requestBytes, r.error]),
    [[`http://api.test:${server.port}/hang`, 200, 4, 'HTTPError: cut when the eval ended']],
  );
  await until(() => closed === 1, 'the server saw the POST cut');
});
