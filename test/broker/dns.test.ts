/**
 * Name resolution against a real DNS server on loopback that never answers some names. The test
 * points the host's /etc/resolv.conf and /etc/hosts at its own files by bind mounts, which only
 * the private mount and network namespace of scripts/isolated.sh makes harmless: elsewhere it
 * skips, visibly. bunker itself has no switch for its DNS server.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, test } from 'node:test';
import { dnsResolver } from '../../src/broker/dns.js';
import { run, TimeoutError } from '../../src/index.js';
import { startDnsServer, type DnsServer } from './dns-server.js';
import { reply, startServer, type TestServer } from './servers.js';

const isolated = process.env.BUNKER_PRIVATE !== undefined && process.getuid?.() === 0;
const skip = isolated
  ? false
  : 'needs the private mount and network namespace of scripts/isolated.sh';

let dns: DnsServer;
let server: TestServer;
let dir: string;
const mounted: string[] = [];

before(async () => {
  if (!isolated) return;
  dns = await startDnsServer('127.0.0.53', 53, { 'good.test': '127.0.0.2' });
  server = await startServer((req, res) => {
    if (req.url === '/gzip')
      return reply(res, 200, { 'content-encoding': 'gzip' }, gzipSync('z'.repeat(5000)));
    reply(res, 200, {}, 'ok');
  });
  dir = mkdtempSync(join(tmpdir(), 'bunker-dns-'));
  writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.53\n');
  writeFileSync(join(dir, 'hosts'), '127.0.0.1 localhost\n127.0.0.2 hosts.test # from the file\n');
  for (const file of ['resolv.conf', 'hosts']) {
    execFileSync('mount', ['--bind', join(dir, file), `/etc/${file}`]);
    mounted.push(`/etc/${file}`);
  }
});
after(async () => {
  for (const target of mounted) execFileSync('umount', [target]);
  if (!isolated) return;
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([dns.close(), server.close()]);
});
beforeEach(() => {
  if (!isolated) return;
  dns.questions.length = 0;
  server.hits.length = 0;
});

const http = (extra: Record<string, unknown> = {}) => ({
  allowlist: ['*.test'],
  allowedPorts: [server.port],
  allowedIps: ['127.0.0.2/32'],
  requestTimeoutMs: 60_000,
  maxRequests: 20,
  ...extra,
});

/** A script that fetches every URL at once and lists how each ended. */
const fetchAll = (urls: string[]) =>
  `await Promise.all(${JSON.stringify(urls)}.map((u) => fetch(u).then((r) => r.text(), (e) => e.name + ': ' + e.message)))`;

describe('name resolution', { skip }, () => {
  test('names come from /etc/hosts first, then from DNS; an unknown name is refused', async () => {
    const urls = ['hosts.test', 'good.test', 'nx.test'].map((h) => `http://${h}:${server.port}/`);
    const result = await run(fetchAll(urls), { http: http() });
    assert.deepEqual(result.value, [
      'ok',
      'ok',
      'HTTPBlockedError: nx.test could not be resolved (ENOTFOUND)',
    ]);
    assert.deepEqual(result.requests.map((r) => r.blocked ?? r.status).sort(), [
      200,
      200,
      'unresolvable',
    ]);
    assert.deepEqual(
      dns.questions.filter((q) => q.startsWith('hosts.test')),
      [],
    );
  });

  test('a lookup that never gets an answer times out after 5 s and is on record', async () => {
    const result = await run(fetchAll([`http://hang1.test:${server.port}/`]), {
      http: http(),
      timeoutMs: 15_000,
    });
    const message = 'HTTPError: hang1.test: no answer to the name lookup within 5000 ms';
    assert.deepEqual(result.value, [message]);
    assert.equal(result.requests.length, 1);
    assert.equal(result.requests[0]!.error, message);
    assert.equal(result.requests[0]!.status, null);
    assert.ok(result.requests[0]!.durationMs >= 4900, `${result.requests[0]!.durationMs} ms`);
    assert.equal(server.hits.length, 0);
  });

  test('requestTimeoutMs cuts a lookup, and the record says so', async () => {
    const result = await run(fetchAll([`http://hang2.test:${server.port}/`]), {
      http: http({ requestTimeoutMs: 300 }),
    });
    assert.deepEqual(result.value, [
      'HTTPError: the request took longer than requestTimeoutMs (300 ms)',
    ]);
    assert.equal(
      result.requests[0]!.error,
      'HTTPError: the request took longer than requestTimeoutMs (300 ms) (while resolving hang2.test)',
    );
  });

  test('a lookup cut by the end of the eval is on record as cut', async () => {
    const error = await run(fetchAll([`http://hang3.test:${server.port}/`]), {
      http: http(),
      timeoutMs: 1000,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof TimeoutError, String(error));
    assert.equal(error.code, 'WALL_TIMEOUT');
    assert.equal(error.requests.length, 1);
    assert.equal(error.requests[0]!.url, `http://hang3.test:${server.port}/`);
    assert.equal(error.requests[0]!.error, 'HTTPError: cut when the eval ended');
  });

  test("one run's stalled lookups hold up neither other runs' fetches nor decompression", async () => {
    const hanging = Array.from({ length: 10 }, (_, i) => `http://hang-${i}.test:${server.port}/`);
    let attackerDone = false;
    const attacker = run(fetchAll(hanging), { http: http(), timeoutMs: 15_000 }).finally(
      () => (attackerDone = true),
    );
    // Names, not questions: a name is asked more than once (A and AAAA, retries), so four
    // questions can be two names (CI saw it).
    const names = () => new Set(dns.questions.map((q) => q.split(' ')[0]));
    for (let i = 0; i < 100 && names().size < 4; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(names().size, 4, 'one eval asks at most 4 names at once');

    const others = ['good.test', 'hosts.test', 'good.test'].map((host) =>
      run(fetchAll([`http://${host}:${server.port}/gzip`]), { http: http() }),
    );
    const results = await Promise.all(others);
    assert.equal(attackerDone, false, 'the others finished while the attacker still waited');
    for (const result of results) assert.deepEqual(result.value, ['z'.repeat(5000)]);
    assert.equal(names().size, 5, 'the attacker still held only its 4 (good.test is the 5th)');

    const { value, requests } = await attacker;
    const timedOut = (url: string) =>
      `HTTPError: ${new URL(url).hostname}: no answer to the name lookup within 5000 ms`;
    assert.deepEqual(value, hanging.map(timedOut));
    assert.deepEqual(requests.map((r) => r.error).sort(), hanging.map(timedOut).sort());
  });
  test('the host process asks at most 256 names at once, whatever the number of evals', async () => {
    // 65 evals' resolvers, 4 lookups each: one more eval than the process-wide slots allow.
    const stop = new AbortController();
    const lookups = Array.from({ length: 65 }, (_, n) => {
      const resolve = dnsResolver();
      return Array.from({ length: 4 }, (_, i) =>
        resolve(`hang-p${n}-${i}.test`, stop.signal).then(
          () => 'answered',
          (e: Error) => e.message,
        ),
      );
    }).flat();
    const names = () => new Set(dns.questions.map((q) => q.split(' ')[0])).size;
    for (let i = 0; i < 250 && names() < 256; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(names(), 256);
    stop.abort(new Error('stopped by the test'));
    assert.deepEqual(new Set(await Promise.all(lookups)), new Set(['stopped by the test']));
  });
});
