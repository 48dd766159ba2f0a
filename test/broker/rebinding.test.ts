/**
 * DNS rebinding, against the broker itself with a resolver injected: the name answers an allowed
 * address first and loopback the second time. The broker must ask once and connect to exactly
 * the address it vetted.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FetchSession } from '../../src/broker/session.js';
import type { FetchReplyFrame } from '../../src/protocol/frames.js';
import { resolveOptions } from '../../src/options.js';
import { echo, startServer, type TestServer } from './servers.js';

let server: TestServer;
before(async () => {
  server = await startServer(echo);
});
after(() => server.close());

function policy() {
  // 127.0.0.2 plays the public address: it is the only one allowedIps lets through.
  return resolveOptions({
    http: { allowlist: ['rebind.test'], allowedPorts: [server.port], allowedIps: ['127.0.0.2/32'] },
  }).http;
}

/** The guest side of a session: replies collected, a protocol violation fails the test. */
export function guestOf(replies: FetchReplyFrame[]) {
  return {
    reply: (frame: FetchReplyFrame) => replies.push(frame),
    violation: (detail: string) => assert.fail(`protocol violation: ${detail}`),
  };
}

function fetchOnce(
  session: FetchSession,
  replies: FetchReplyFrame[],
  fetchId: number,
  port = server.port,
) {
  session.handle({
    v: 1,
    type: 'fetch',
    id: 1,
    fetchId,
    method: 'GET',
    url: `http://rebind.test:${port}/`,
    headers: [],
    body: null,
    redirect: 'follow',
  });
  return new Promise<FetchReplyFrame>((resolve) => {
    const poll = setInterval(() => {
      const found = replies.find((r) => r.fetchId === fetchId);
      if (found) {
        clearInterval(poll);
        resolve(found);
      }
    }, 5);
  });
}

test('a name that answers public first and loopback second is resolved once and pinned', async () => {
  const answers = [['127.0.0.2'], ['127.0.0.1']];
  const asked: string[] = [];
  const replies: FetchReplyFrame[] = [];
  const session = new FetchSession(policy(), guestOf(replies), (host) => {
    asked.push(host);
    return Promise.resolve(answers[Math.min(asked.length - 1, 1)]!);
  });
  const first = await fetchOnce(session, replies, 1);
  assert.equal(first.ok, true);
  assert.deepEqual(asked, ['rebind.test']);
  assert.deepEqual(
    server.hits.map((h) => h.localAddress),
    ['::ffff:127.0.0.2'],
  );
  // The next fetch resolves again, gets loopback, and is refused: nothing reaches 127.0.0.1.
  const second = await fetchOnce(session, replies, 2);
  assert.deepEqual(second.ok ? 'ok' : second.error.name, 'HTTPBlockedError');
  assert.deepEqual(
    server.hits.map((h) => h.localAddress),
    ['::ffff:127.0.0.2'],
  );
  assert.deepEqual(
    session.requests.map((r) => r.blocked),
    [undefined, 'private-address'],
  );
  session.close();
});

test('a name with one allowed and one loopback address is refused outright', async () => {
  server.hits.length = 0;
  const replies: FetchReplyFrame[] = [];
  const session = new FetchSession(policy(), guestOf(replies), () =>
    Promise.resolve(['127.0.0.2', '127.0.0.1']),
  );
  const reply = await fetchOnce(session, replies, 1);
  assert.equal(reply.ok ? 'ok' : reply.error.name, 'HTTPBlockedError');
  assert.equal(server.hits.length, 0);
  session.close();
});

test('a resolver that fails or answers nothing blocks (fail closed)', async () => {
  for (const resolver of [
    () => Promise.reject(Object.assign(new Error('boom'), { code: 'ESERVFAIL' })),
    () => Promise.resolve([]),
  ]) {
    const replies: FetchReplyFrame[] = [];
    const session = new FetchSession(policy(), guestOf(replies), resolver);
    const reply = await fetchOnce(session, replies, 1);
    assert.equal(reply.ok ? 'ok' : reply.error.name, 'HTTPBlockedError');
    assert.equal(session.requests[0]!.blocked, 'unresolvable');
    session.close();
  }
});

test('when a vetted address refuses the connection, the next vetted one is tried', async () => {
  const only = await startServer(echo, undefined, '127.0.0.2');
  try {
    const replies: FetchReplyFrame[] = [];
    const http = resolveOptions({
      http: { allowlist: ['rebind.test'], allowedPorts: [only.port], allowedIps: ['127.0.0.0/29'] },
    }).http;
    const session = new FetchSession(http, guestOf(replies), () =>
      Promise.resolve(['127.0.0.3', '127.0.0.2']),
    );
    const reply = await fetchOnce(session, replies, 1, only.port);
    assert.equal(reply.ok, true);
    assert.deepEqual(
      only.hits.map((h) => h.localAddress),
      ['127.0.0.2'],
    );
    session.close();
  } finally {
    await only.close();
  }
});
