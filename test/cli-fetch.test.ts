/**
 * The CLI's fetch flags as a black box: the built bin/bunker.js with an isolated HOME and a
 * minimal environment, fetching from a real server on loopback (port 0) that records every
 * request it gets — which is how a refused fetch is shown to have reached nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { echo, startServer, throwAwayCertificate, type TestServer } from './broker/servers.js';

const root = resolve(import.meta.dirname, '..');
const home = mkdtempSync(join(tmpdir(), 'bunker-cli-fetch-'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the server answering the sandbox lives in this process. */
function bunker(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'bunker.js'), ...args], {
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

interface Outcome {
  ok: boolean;
  value?: unknown;
  error?: { name: string; code: string; message: string };
  console: string;
  requests: { durationMs: number }[];
}

function parse(run: Run): Outcome {
  assert.equal(run.stdout.trim().split('\n').length, 1, run.stdout);
  return JSON.parse(run.stdout) as Outcome;
}

/** The requests without their timing, which is asserted to be a plausible number instead. */
function requests(outcome: Outcome): object[] {
  return outcome.requests.map(({ durationMs, ...rest }) => {
    assert.ok(durationMs >= 0 && durationMs < 30_000, `durationMs ${durationMs}`);
    return rest;
  });
}

/** Responds like `echo`, except that /from redirects to /to. */
const redirecting: Parameters<typeof startServer>[0] = (req, res, body) => {
  if (req.url !== '/from') return echo(req, res, body);
  res.writeHead(302, { location: '/to' });
  res.end();
};

let server: TestServer;
let base: string;
/** Flags that let a script reach `api.test` on the loopback server. */
let reach: string[];

before(async () => {
  server = await startServer(redirecting);
  base = `http://api.test:${server.port}`;
  reach = [
    ...['--resolve', 'api.test=127.0.0.1'],
    ...['--allow-ip', '127.0.0.1/32'],
    ...['--allow-port', String(server.port)],
  ];
});
after(() => server.close());

/** `bunker run --json --allow-host api.test` with the flags that reach the test server. */
const allowedRun = (args: string[]) =>
  bunker(['run', '--json', '--allow-host', 'api.test', ...reach, ...args]);

const echoed = (method: string, path: string, body = '') =>
  JSON.stringify({ method, url: path, host: `api.test:${server.port}`, body });

describe('bunker run: fetch flags', () => {
  test('fetches an allowed host pinned to a loopback address and lists the request', async () => {
    server.hits.length = 0;
    const run = await allowedRun([
      '-e',
      `const r = await fetch("${base}/hello"); ({ status: r.status, body: await r.json() })`,
    ]);
    assert.equal(run.status, 0, run.stdout);
    const outcome = parse(run);
    assert.deepEqual(outcome.value, {
      status: 200,
      body: { method: 'GET', url: '/hello', host: `api.test:${server.port}`, body: '' },
    });
    assert.deepEqual(requests(outcome), [
      {
        method: 'GET',
        url: `${base}/hello`,
        status: 200,
        requestBytes: 0,
        responseBytes: Buffer.byteLength(echoed('GET', '/hello')),
      },
    ]);
    assert.deepEqual(
      server.hits.map((hit) => [hit.method, hit.url, hit.headers.host]),
      [['GET', '/hello', `api.test:${server.port}`]],
    );
  });

  test('refuses a host not on --allow-host before anything is sent', async () => {
    const connections = server.connections;
    server.hits.length = 0;
    const run = await allowedRun([
      '--resolve',
      'other.test=127.0.0.1',
      '-e',
      `await fetch("http://other.test:${server.port}/secret")`,
    ]);
    assert.equal(run.status, 1);
    const outcome = parse(run);
    assert.deepEqual(outcome.error, {
      name: 'HTTPBlockedError',
      code: 'HTTP_BLOCKED',
      message: `http://other.test:${server.port}/secret is not in the allowlist`,
    });
    assert.deepEqual(requests(outcome), [
      {
        method: 'GET',
        url: `http://other.test:${server.port}/secret`,
        status: null,
        requestBytes: 0,
        responseBytes: 0,
        blocked: 'allowlist',
      },
    ]);
    assert.equal(server.hits.length, 0);
    assert.equal(server.connections, connections);
  });

  test('--deny-host refuses the hosts it names and allows the rest', async () => {
    server.hits.length = 0;
    const run = await bunker([
      'run',
      '--json',
      '--deny-host',
      'evil.test',
      ...reach,
      '--resolve',
      'evil.test=127.0.0.1',
      '-e',
      `const names = [];
       for (const host of ["evil.test", "api.test"]) {
         try { names.push((await fetch("http://" + host + ":${server.port}/")).status) }
         catch (e) { names.push(e.name) }
       }
       names`,
    ]);
    assert.equal(run.status, 0, run.stdout);
    const outcome = parse(run);
    assert.deepEqual(outcome.value, ['HTTPBlockedError', 200]);
    assert.deepEqual(
      requests(outcome).map((r) => [
        (r as { url: string }).url,
        (r as { blocked?: string }).blocked,
      ]),
      [
        [`http://evil.test:${server.port}/`, 'denylist'],
        [`${base}/`, undefined],
      ],
    );
    assert.deepEqual(
      server.hits.map((hit) => hit.headers.host),
      [`api.test:${server.port}`],
    );
  });

  test('a loopback address stays blocked without --allow-ip or --allow-private-ips', async () => {
    server.hits.length = 0;
    const script = `(await fetch("${base}/")).status`;
    const pinned = ['--resolve', 'api.test=127.0.0.1', '--allow-port', String(server.port)];
    const blocked = await bunker([
      'run',
      '--json',
      '--allow-host',
      'api.test',
      ...pinned,
      '-e',
      script,
    ]);
    assert.equal(blocked.status, 1);
    const outcome = parse(blocked);
    assert.equal(outcome.error?.name, 'HTTPBlockedError');
    assert.deepEqual(
      requests(outcome).map((r) => (r as { blocked?: string }).blocked),
      ['private-address'],
    );
    assert.equal(server.hits.length, 0);

    const allowed = await bunker([
      'run',
      '--json',
      '--allow-host',
      'api.test',
      ...pinned,
      '--allow-private-ips',
      '-e',
      script,
    ]);
    assert.equal(allowed.status, 0, allowed.stdout);
    assert.equal(parse(allowed).value, 200);
    assert.equal(server.hits.length, 1);
  });

  test('a repeated --allow-method replaces the default list', async () => {
    server.hits.length = 0;
    const run = await allowedRun([
      '--allow-method',
      'post',
      '--allow-method',
      'PUT',
      '-e',
      `const seen = [];
       for (const method of ["GET", "POST", "PUT", "DELETE"]) {
         try { seen.push((await fetch("${base}/m", { method, body: method === "GET" ? undefined : "x" })).status) }
         catch (e) { seen.push(e.name) }
       }
       seen`,
    ]);
    assert.equal(run.status, 0, run.stdout);
    const outcome = parse(run);
    assert.deepEqual(outcome.value, ['HTTPBlockedError', 200, 200, 'HTTPBlockedError']);
    assert.deepEqual(
      requests(outcome).map((r) => (r as { blocked?: string }).blocked),
      ['method', undefined, undefined, 'method'],
    );
    assert.deepEqual(
      server.hits.map((hit) => hit.method),
      ['POST', 'PUT'],
    );
  });

  test('--max-requests 1 makes the second fetch an HTTPLimitError', async () => {
    server.hits.length = 0;
    const run = await allowedRun([
      '--max-requests',
      '1',
      '-e',
      `await fetch("${base}/1"); await fetch("${base}/2")`,
    ]);
    assert.equal(run.status, 1);
    const outcome = parse(run);
    const message = 'more than maxRequests (1) fetches in one eval';
    assert.deepEqual(outcome.error, { name: 'HTTPLimitError', code: 'HTTP_LIMIT', message });
    assert.deepEqual(requests(outcome), [
      {
        method: 'GET',
        url: `${base}/1`,
        status: 200,
        requestBytes: 0,
        responseBytes: Buffer.byteLength(echoed('GET', '/1')),
      },
      {
        method: 'GET',
        url: `${base}/2`,
        status: null,
        requestBytes: 0,
        responseBytes: 0,
        error: `HTTPLimitError: ${message}`,
      },
    ]);
    assert.deepEqual(
      server.hits.map((hit) => hit.url),
      ['/1'],
    );
  });

  test('--max-redirects and --max-response-bytes reach the broker', async () => {
    const redirects = await allowedRun([
      '--max-redirects',
      '0',
      '-e',
      `await fetch("${base}/from")`,
    ]);
    assert.equal(redirects.status, 1);
    assert.deepEqual(parse(redirects).error, {
      name: 'HTTPLimitError',
      code: 'HTTP_LIMIT',
      message: 'more than maxRedirects (0) redirects',
    });
    const followed = await allowedRun([
      '-e',
      `const r = await fetch("${base}/from"); [r.redirected, (await r.json()).url]`,
    ]);
    assert.deepEqual(parse(followed).value, [true, '/to']);

    const big = await allowedRun([
      '--max-response-bytes',
      '10b',
      '-e',
      `await (await fetch("${base}/big")).text()`,
    ]);
    assert.equal(big.status, 1);
    assert.equal(parse(big).error?.name, 'HTTPLimitError');
  });

  test('--ca-cert trusts a private certificate authority for https', async () => {
    const tls = throwAwayCertificate();
    const secure = await startServer(echo, tls);
    try {
      const caFile = join(home, 'ca.pem');
      writeFileSync(caFile, tls.cert);
      const flags = [
        '--allow-host',
        'api.test',
        '--resolve',
        'api.test=127.0.0.1',
        '--allow-ip',
        '127.0.0.1/32',
        '--allow-port',
        String(secure.port),
      ];
      const script = `(await (await fetch("https://api.test:${secure.port}/tls")).json()).url`;
      const untrusted = await bunker(['run', '--json', ...flags, '-e', script]);
      assert.equal(untrusted.status, 1);
      assert.equal(parse(untrusted).error?.name, 'HTTPError');
      assert.equal(secure.hits.length, 0);

      const trusted = await bunker(['run', '--json', ...flags, '--ca-cert', caFile, '-e', script]);
      assert.equal(trusted.status, 0, trusted.stdout);
      assert.equal(parse(trusted).value, '/tls');
    } finally {
      await secure.close();
    }
  });

  test('fetch is off without --allow-host or --deny-host', async () => {
    server.hits.length = 0;
    const run = await bunker(['run', '--json', '-e', `await fetch("${base}/")`]);
    assert.equal(run.status, 1);
    const outcome = parse(run);
    assert.deepEqual(outcome.error, {
      name: 'HTTPBlockedError',
      code: 'HTTP_BLOCKED',
      message: 'fetch is not enabled (no http option was given)',
    });
    assert.deepEqual(
      requests(outcome).map((r) => (r as { blocked?: string }).blocked),
      ['disabled'],
    );
    assert.equal(server.hits.length, 0);
  });

  test('without --json each fetch is one line on stderr', async () => {
    const run = await bunker([
      'run',
      '--allow-host',
      'api.test',
      ...reach,
      '-e',
      `await fetch("${base}/a", { method: "POST", body: "abc" });
       await fetch("http://other.test/").catch(() => {});
       "done"`,
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "'done'\n");
    const lines = run.stderr.split('\n');
    assert.equal(lines.length, 3);
    const received = Buffer.byteLength(echoed('POST', '/a', 'abc'));
    assert.match(
      lines[0]!,
      new RegExp(
        `^bunker: fetch POST ${base}/a → 200 \\(\\d+ ms, 3 bytes sent, ${received} received\\)$`,
      ),
    );
    assert.equal(lines[1], 'bunker: fetch GET http://other.test/ → blocked (allowlist)');
    assert.equal(lines[2], '');

    const off = await bunker(['run', '-e', 'await fetch("http://api.test/")']);
    assert.equal(off.status, 1);
    assert.equal(
      off.stderr,
      'bunker: fetch GET http://api.test/ → blocked (fetch is off: give --allow-host or --deny-host)\n' +
        'HTTPBlockedError: fetch is not enabled (no http option was given)\n',
    );
  });
});

describe('bunker run: bad fetch flags exit 2 and nothing runs', () => {
  const usage = async (args: string[]) => {
    const run = await bunker(['run', '--json', '-e', 'console.log("ran"); 1', ...args]);
    assert.equal(run.status, 2, run.stdout);
    const outcome = parse(run);
    assert.equal(outcome.ok, false);
    assert.deepEqual([outcome.console, outcome.requests], ['', []]);
    assert.equal(outcome.error?.name, 'ArgumentError');
    assert.equal(outcome.error?.code, 'INVALID_OPTION');
    return outcome.error.message;
  };

  test('--allow-host together with --deny-host', async () => {
    assert.equal(
      await usage(['--allow-host', 'a.test', '--deny-host', 'b.test']),
      'give either --allow-host or --deny-host, not both',
    );
  });

  test('a fetch flag without --allow-host or --deny-host, which would do nothing', async () => {
    for (const flag of [
      ['--max-requests', '1'],
      ['--allow-port', '8080'],
      ['--allow-private-ips'],
      ['--resolve', 'api.test=127.0.0.1'],
      ['--ca-cert', 'ca.pem'],
    ]) {
      assert.equal(
        await usage(flag),
        `${flag[0]} needs --allow-host or --deny-host (fetch is off without them)`,
      );
    }
  });

  test('a bad value names its flag', async () => {
    const on = ['--allow-host', 'api.test'];
    const cases: [string[], RegExp][] = [
      [['--allow-port', '0'], /^--allow-port: /],
      [['--allow-port', 'http'], /^--allow-port must be a whole number, got "http"$/],
      [['--max-requests=-1'], /^--max-requests must be a whole number, got "-1"$/],
      [['--request-timeout-ms', '0'], /^--request-timeout-ms: /],
      [['--max-request-bytes', 'lots'], /^--max-request-bytes: /],
      [['--allow-method', 'BREW'], /^--allow-method: /],
      [['--allow-ip', '127.0.0.1/33'], /^--allow-ip: invalid IP address or CIDR range/],
      [['--resolve', 'api.test'], /^--resolve must be HOST=ADDRESS, got "api.test"$/],
      [
        ['--resolve', 'api.test=nowhere'],
        /^--resolve: "nowhere" is not an IP address \(dotted-quad IPv4 or IPv6\)$/,
      ],
      [
        ['--resolve', 'a.test=1.1.1.1', '--resolve', 'a.test=2.2.2.2'],
        /^--resolve gives a.test twice$/,
      ],
      [['--ca-cert', 'missing.pem'], /^--ca-cert: cannot read missing.pem: ENOENT$/],
      [['--ca-cert', '/dev/null'], /^--ca-cert: /],
    ];
    for (const [flags, message] of cases) assert.match(await usage([...on, ...flags]), message);
    assert.match(
      await usage(['--allow-host', 'https://a.test/?q']),
      /^--allow-host: invalid URL pattern/,
    );
  });

  test('--help lists every fetch flag', async () => {
    const { status, stdout } = await bunker(['--help']);
    assert.equal(status, 0);
    for (const flag of [
      '--allow-host PATTERN',
      '--deny-host PATTERN',
      '--max-requests N',
      '--request-timeout-ms N',
      '--max-request-bytes SIZE',
      '--max-response-bytes SIZE',
      '--allow-method M',
      '--allow-port P',
      '--allow-ip CIDR',
      '--allow-private-ips',
      '--max-redirects N',
      '--resolve HOST=ADDRESS',
      '--ca-cert FILE',
    ]) {
      assert.ok(stdout.includes(flag), `missing ${flag}`);
    }
  });
});
