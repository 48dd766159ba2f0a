import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { run } from '../../src/index.js';
import { echo, loopbackPolicy, reply, startServer, type TestServer } from './servers.js';

/** One fetch from a script: its status, or the name of the error it rejected with. */
async function attempt(url: string, http: Record<string, unknown>, init: object = {}) {
  const code = `await fetch(${JSON.stringify(url)}, ${JSON.stringify(init)}).then((r) => r.status, (e) => e.name)`;
  const result = await run(code, { http });
  return { outcome: result.value, requests: result.requests };
}

let server: TestServer;
let port: number;
before(async () => {
  server = await startServer((req, res, body) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to !== null) reply(res, 302, { location: to });
    else echo(req, res, body);
  });
  port = server.port;
});
after(() => server.close());
beforeEach(() => {
  server.hits.length = 0;
});

describe('private-address blocking: every loopback spelling is refused and reaches nothing', () => {
  const spellings = [
    ['127.0.0.1', 'dotted'],
    ['2130706433', 'decimal'],
    ['0x7f000001', 'hex'],
    ['0177.0.0.1', 'octal'],
    ['127.1', 'short'],
    ['0x7f.1', 'mixed hex short'],
    ['[::1]', 'IPv6 loopback'],
    ['[::ffff:127.0.0.1]', 'IPv4-mapped IPv6'],
    ['[::ffff:7f00:1]', 'IPv4-mapped IPv6 in hex'],
    ['[64:ff9b::7f00:1]', 'NAT64'],
    ['[2002:7f00:1::]', '6to4'],
    ['0.0.0.0', 'unspecified (Linux connects it to the local host)'],
    ['[::]', 'IPv6 unspecified'],
    ['localhost', 'a name for loopback'],
  ];
  for (const [host, how] of spellings) {
    test(`blocks ${host} (${how})`, async () => {
      const { outcome, requests } = await attempt(`http://${host}:${port}/secret`, {
        denylist: [],
        allowedPorts: [port],
      });
      assert.equal(outcome, 'HTTPBlockedError');
      assert.equal(requests[0]!.blocked, 'private-address');
      assert.equal(server.hits.length, 0);
      assert.equal(server.connections, 0);
    });
  }
});

describe('private-address blocking: every non-public range, also behind a name', () => {
  const ranges = [
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.1.2.3',
    '198.18.0.1',
    '192.0.2.1',
    '203.0.113.9',
    '224.0.0.1',
    '255.255.255.255',
    '240.0.0.1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '2001:db8::1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
  ];
  for (const address of ranges) {
    test(`blocks a name resolving to ${address}`, async () => {
      const { outcome, requests } = await attempt(`http://internal.test:${port}/`, {
        denylist: [],
        allowedPorts: [port],
        resolve: { 'internal.test': address },
      });
      assert.equal(outcome, 'HTTPBlockedError');
      assert.equal(requests[0]!.blocked, 'private-address');
    });
  }

  test('the refusal names the address and its range', async () => {
    const http = { denylist: [], allowedPorts: [port], resolve: { 'internal.test': '10.0.0.1' } };
    const message = (url: string) =>
      run(`await fetch('${url}').catch((e) => e.message)`, { http }).then((r) => r.value);
    assert.equal(
      await message(`http://127.1:${port}/`),
      'blockPrivateIps refuses 127.0.0.1 (loopback)',
    );
    assert.equal(
      await message(`http://internal.test:${port}/`),
      'blockPrivateIps refuses 10.0.0.1 (private), an address of internal.test',
    );
  });

  test('allowedIps opens exactly the listed range', async () => {
    const http = { denylist: [], allowedPorts: [port], allowedIps: ['127.0.0.2/32'] };
    assert.equal((await attempt(`http://127.0.0.2:${port}/`, http)).outcome, 200);
    assert.equal((await attempt(`http://127.0.0.3:${port}/`, http)).outcome, 'HTTPBlockedError');
    assert.equal(server.hits.length, 1);
    assert.equal(server.hits[0]!.localAddress, '::ffff:127.0.0.2');
  });

  test('blockPrivateIps: false lets a script reach loopback', async () => {
    const http = { denylist: [], allowedPorts: [port], blockPrivateIps: false };
    assert.equal((await attempt(`http://127.0.0.1:${port}/`, http)).outcome, 200);
  });

  test('a name that does not resolve is refused (fail closed)', async () => {
    const { outcome, requests } = await attempt(`http://no-such-host.invalid:${port}/`, {
      denylist: [],
      allowedPorts: [port],
    });
    assert.equal(outcome, 'HTTPBlockedError');
    assert.equal(requests[0]!.blocked, 'unresolvable');
  });
});

describe('allowlist confusion', () => {
  const names = ['api.example.com', 'api.example.com.evil.test', 'evil-api.example.com'];
  const http = {
    allowlist: ['api.example.com'],
    allowedPorts: [port],
    resolve: Object.fromEntries(names.map((name) => [name, '127.0.0.2'])),
    allowedIps: ['127.0.0.2/32'],
  };
  const cases: [string, string, string | number][] = [
    [
      'a longer name ending elsewhere',
      'http://api.example.com.evil.test:PORT/',
      'HTTPBlockedError',
    ],
    [
      'a name that only contains the entry',
      'http://evil-api.example.com:PORT/',
      'HTTPBlockedError',
    ],
    [
      'userinfo before a loopback address',
      'http://api.example.com@127.0.0.1:PORT/',
      'HTTPBlockedError',
    ],
    ['the host in the query string', 'http://127.0.0.1:PORT/?.api.example.com', 'HTTPBlockedError'],
    ['the host in the fragment', 'http://127.0.0.1:PORT/#api.example.com', 'HTTPBlockedError'],
    ['upper case (allowed: same host)', 'http://API.EXAMPLE.COM:PORT/', 200],
    ['a trailing dot (allowed: same host)', 'http://api.example.com.:PORT/', 200],
    ['a percent-encoded dot in the host (same host)', 'http://api%2eexample%2ecom:PORT/', 200],
  ];
  for (const [what, template, expected] of cases) {
    test(`${what}: ${template}`, async () => {
      const url = template.replace('PORT', String(port));
      const { outcome } = await attempt(url, { ...http, allowedPorts: [port] });
      assert.equal(outcome, expected);
      assert.equal(server.hits.length, expected === 200 ? 1 : 0);
      if (expected === 200) assert.equal(server.hits[0]!.headers.host, `api.example.com:${port}`);
    });
  }

  test('a backslash is a path separator: the request goes to the host the policy checked', async () => {
    const { outcome, requests } = await attempt(`http://api.example.com:${port}\\@127.0.0.1/`, {
      ...http,
      allowedPorts: [port],
    });
    assert.equal(outcome, 200);
    assert.equal(requests[0]!.url, `http://api.example.com:${port}/@127.0.0.1/`);
    assert.equal(server.hits[0]!.localAddress, '::ffff:127.0.0.2');
  });

  test('%2e%2e cannot climb out of an allowed path', async () => {
    const scoped = {
      ...http,
      allowlist: [`http://api.example.com:${port}/public/**`],
      allowedPorts: [port],
    };
    assert.equal((await attempt(`http://api.example.com:${port}/public/x`, scoped)).outcome, 200);
    const { outcome } = await attempt(`http://api.example.com:${port}/public/%2e%2e/admin`, scoped);
    assert.equal(outcome, 'HTTPBlockedError');
    assert.equal(server.hits.length, 1);
  });

  test('*.example.com allows subdomains but not the bare domain', async () => {
    const wild = {
      ...http,
      allowlist: ['*.example.com'],
      allowedPorts: [port],
      resolve: { 'api.example.com': '127.0.0.2', 'example.com': '127.0.0.2' },
    };
    assert.equal((await attempt(`http://api.example.com:${port}/`, wild)).outcome, 200);
    assert.equal((await attempt(`http://example.com:${port}/`, wild)).outcome, 'HTTPBlockedError');
  });

  test('a denylist refuses what it matches, whatever the spelling, and allows the rest', async () => {
    const deny = {
      denylist: ['api.example.com'],
      allowedPorts: [port],
      resolve: http.resolve,
      allowedIps: http.allowedIps,
    };
    for (const url of [`http://API.example.com.:${port}/`, `http://api.example.com:${port}/x`]) {
      const { outcome, requests } = await attempt(url, deny);
      assert.equal(outcome, 'HTTPBlockedError');
      assert.equal(requests[0]!.blocked, 'denylist');
    }
    assert.equal((await attempt(`http://evil-api.example.com:${port}/`, deny)).outcome, 200);
  });
});

describe('path patterns: a path a server could read as another path is refused', () => {
  const tricks = [
    '/public/..%2Fadmin/users',
    '/public/..;/admin/users',
    '/public/%2e%2e%2fadmin/users',
  ];
  for (const path of tricks) {
    test(`allowlist http://api.test/public/** refuses ${path} and reaches nothing`, async () => {
      const { outcome, requests } = await attempt(
        `http://api.test:${port}${path}`,
        loopbackPolicy(port, { allowlist: [`http://api.test:${port}/public/**`] }),
      );
      assert.equal(outcome, 'HTTPBlockedError');
      assert.equal(requests[0]!.blocked, 'ambiguous-path');
      assert.equal(server.hits.length, 0);
    });
  }

  test('a denylist path pattern refuses them too', async () => {
    const http = loopbackPolicy(port, {
      allowlist: undefined,
      denylist: [`http://api.test:${port}/admin/**`],
    });
    assert.equal(
      (await attempt(`http://api.test:${port}/public/..%2Fadmin/users`, http)).outcome,
      'HTTPBlockedError',
    );
    assert.equal((await attempt(`http://api.test:${port}/public/ok`, http)).outcome, 200);
    assert.deepEqual(
      server.hits.map((h) => h.url),
      ['/public/ok'],
    );
  });

  test('the refusal names both readings', async () => {
    const code = `await fetch('http://api.test:${port}/public/..%2Fadmin/users').catch((e) => e.message)`;
    const result = await run(code, {
      http: loopbackPolicy(port, { allowlist: [`http://api.test:${port}/public/**`] }),
    });
    assert.equal(
      result.value,
      `http://api.test:${port}/public/..%2Fadmin/users: servers read its path as /public/..%2Fadmin/users or as /admin/users, and a path pattern of the allowlist matches only one of them`,
    );
  });

  test('an encoded slash that stays inside the pattern is fetched as written', async () => {
    const { outcome } = await attempt(
      `http://api.test:${port}/public/group%2Fproject`,
      loopbackPolicy(port, { allowlist: [`http://api.test:${port}/public/**`] }),
    );
    assert.equal(outcome, 200);
    assert.deepEqual(
      server.hits.map((h) => h.url),
      ['/public/group%2Fproject'],
    );
  });
});

describe('methods, ports, schemes and headers', () => {
  test('a method outside allowedMethods is refused before anything is sent', async () => {
    const http = loopbackPolicy(port, { allowedMethods: ['GET'] });
    const { outcome, requests } = await attempt(`http://api.test:${port}/`, http, {
      method: 'DELETE',
    });
    assert.equal(outcome, 'HTTPBlockedError');
    assert.equal(requests[0]!.blocked, 'method');
    assert.equal(server.hits.length, 0);
  });

  test('a port outside allowedPorts is refused (the default is 80 and 443)', async () => {
    const http = { ...loopbackPolicy(port), allowedPorts: undefined };
    const { outcome, requests } = await attempt(`http://api.test:${port}/`, http);
    assert.equal(outcome, 'HTTPBlockedError');
    assert.equal(requests[0]!.blocked, 'port');
  });

  test('only http and https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://api.test/x', 'data:text/plain,hi']) {
      const { outcome, requests } = await attempt(url, { denylist: [] });
      assert.equal(outcome, 'HTTPBlockedError', url);
      assert.equal(requests[0]!.blocked, 'scheme', url);
    }
  });

  test('header injection through a value is impossible', async () => {
    const { outcome } = await attempt(`http://api.test:${port}/`, loopbackPolicy(port), {
      headers: { 'x-a': 'ok\r\nx-injected: 1' },
    });
    assert.equal(outcome, 'TypeError');
    assert.equal(server.hits.length, 0);
  });
});

describe('redirects are checked like new requests', () => {
  test('a redirect from an allowed host to a loopback address is refused', async () => {
    const to = encodeURIComponent(`http://127.0.0.1:${port}/secret`);
    // Everything is allowed but private addresses: only the address check can stop this hop.
    const http = { ...loopbackPolicy(port), allowlist: undefined, denylist: [] };
    const { outcome, requests } = await attempt(`http://api.test:${port}/r?to=${to}`, http);
    assert.equal(outcome, 'HTTPBlockedError');
    assert.deepEqual(
      requests.map((r) => [r.status, r.blocked]),
      [
        [302, undefined],
        [null, 'private-address'],
      ],
    );
    assert.deepEqual(
      server.hits.map((h) => h.url),
      [`/r?to=${to}`],
    );
  });

  test('a redirect to a host outside the allowlist is refused', async () => {
    const to = encodeURIComponent(`http://other.test:${port}/`);
    const http = loopbackPolicy(port, {
      resolve: { 'api.test': '127.0.0.2', 'other.test': '127.0.0.2' },
    });
    const { outcome, requests } = await attempt(`http://api.test:${port}/r?to=${to}`, http);
    assert.equal(outcome, 'HTTPBlockedError');
    assert.equal(requests[1]!.blocked, 'allowlist');
  });

  test('credentials are dropped when a redirect leaves the origin', async () => {
    const to = encodeURIComponent(`http://other.test:${port}/landed`);
    const http = loopbackPolicy(port, {
      allowlist: ['api.test', 'other.test'],
      resolve: { 'api.test': '127.0.0.2', 'other.test': '127.0.0.2' },
    });
    const { outcome } = await attempt(`http://api.test:${port}/r?to=${to}`, http, {
      headers: { authorization: 'Bearer secret', 'x-keep': '1' },
    });
    assert.equal(outcome, 200);
    assert.equal(server.hits[0]!.headers.authorization, 'Bearer secret');
    assert.equal(server.hits[1]!.headers.authorization, undefined);
    assert.equal(server.hits[1]!.headers['x-keep'], '1');
  });

  test('more than maxRedirects hops is an HTTPLimitError', async () => {
    const loop = `http://api.test:${port}/r?to=${encodeURIComponent(`http://api.test:${port}/r?to=/r%3Fto%3D/r`)}`;
    const { outcome, requests } = await attempt(loop, loopbackPolicy(port, { maxRedirects: 1 }));
    assert.equal(outcome, 'HTTPLimitError');
    assert.equal(requests.length, 2);
  });
});
