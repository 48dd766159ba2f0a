/** Every row of the /v1 API table and every status code, through the real sandbox on loopback. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestNode, TOKENS, writeTokenFile } from './node.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const stable = ({ stats: _stats, ...rest }: object & { stats?: unknown }) => rest;

describe('bunker serve --http: the API', () => {
  let node: TestNode;
  before(async () => {
    node = new TestNode([
      '--token-file',
      writeTokenFile(),
      '--node-id',
      'n1',
      '--max-body-bytes',
      '65536',
    ]);
    await node.url;
  });
  after(() => node.stop());

  const acme = (method: string, path: string, body?: unknown) =>
    node.request(method, path, { token: TOKENS.acme, body });

  test('POST /v1/run answers 200 with exactly what `bunker run --json` prints', async () => {
    const code = 'console.log("hi"); ({ n: 2 ** 30, list: [1.5, "x", null], when: new Date(0) })';
    const answer = await acme('POST', '/v1/run', { code, options: { timeoutMs: 2000 } });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    const cli = spawnSync(
      process.execPath,
      [resolve(root, 'bin/bunker.js'), 'run', '-e', code, '--json', '--timeout-ms', '2000'],
      { encoding: 'utf8' },
    );
    assert.deepEqual(stable(answer.body), stable(JSON.parse(cli.stdout) as object));
    assert.equal((answer.body.value as { when: string }).when, '1970-01-01T00:00:00.000Z');
  });

  test("a token's runs are its tenant's: they reuse one process, which no other token's run gets", async () => {
    const origin = async (token: string, options: object = {}) => {
      const answer = await node.request('POST', '/v1/run', {
        token,
        body: { code: 'performance.timeOrigin', options },
      });
      assert.equal(answer.status, 200);
      return answer.body.value as number;
    };
    const first = await origin(TOKENS.acme);
    assert.equal(await origin(TOKENS.acme), first);
    // The body cannot name another tenant: the token decides.
    const other = await origin(TOKENS.other, { tenant: 'acme' });
    assert.notEqual(other, first);
    assert.equal(await origin(TOKENS.acme), first);
  });

  test('a script that fails is an answer: 200 with ok false and the typed error', async () => {
    const answer = await acme('POST', '/v1/run', { code: 'null.x' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.ok, false);
    assert.equal(answer.body.error.name, 'JavaScriptError');
    assert.equal(answer.body.error.code, 'JAVASCRIPT_ERROR');
  });

  test('sandboxes: create 201 with an id naming the node, eval keeps globals, variables 204, delete 204', async () => {
    const created = await acme('POST', '/v1/sandboxes', { options: { timeoutMs: 2000 } });
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^n1\.[0-9a-f-]{36}$/);
    const path = `/v1/sandboxes/${created.body.id}`;
    const first = await acme('POST', `${path}/eval`, { code: 'globalThis.count = 41; count' });
    assert.equal(first.status, 200);
    assert.equal(first.body.value, 41);
    const put = await acme('PUT', `${path}/variables/user`, { name: 'Ada', tags: [1, 'two'] });
    assert.equal(put.status, 204);
    assert.equal(put.text, '');
    const second = await acme('POST', `${path}/eval`, {
      code: '[count + 1, user.name, user.tags]',
    });
    assert.deepEqual(second.body.value, [42, 'Ada', [1, 'two']]);
    assert.equal((await acme('DELETE', path)).status, 204);
    const gone = await acme('POST', `${path}/eval`, { code: '1' });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'SANDBOX_CLOSED');
    assert.equal((await acme('DELETE', path)).status, 404);
  });

  test('a sandbox created without a body takes the default options', async () => {
    const created = await node.request('POST', '/v1/sandboxes', { token: TOKENS.acme });
    assert.equal(created.status, 201);
    assert.equal((await acme('DELETE', `/v1/sandboxes/${created.body.id}`)).status, 204);
  });

  test("another token's sandbox is unknown: 404 for eval, variables and delete", async () => {
    const { body } = await acme('POST', '/v1/sandboxes', {});
    const path = `/v1/sandboxes/${body.id}`;
    const other = (method: string, suffix: string, data?: unknown) =>
      node.request(method, path + suffix, { token: TOKENS.other, body: data });
    for (const answer of [
      await other('POST', '/eval', { code: '1' }),
      await other('PUT', '/variables/x', 1),
      await other('DELETE', ''),
    ]) {
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error.code, 'SANDBOX_CLOSED');
    }
    assert.equal((await acme('POST', `${path}/eval`, { code: '2' })).body.value, 2);
    assert.equal((await acme('DELETE', path)).status, 204);
  });

  test('400: malformed JSON, a missing code, an unknown field, bad options', async () => {
    const malformed = await node.request('POST', '/v1/run', {
      token: TOKENS.acme,
      body: '{"code":',
    });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.ok, false);
    assert.equal(malformed.body.error.name, 'ArgumentError');
    assert.equal(malformed.body.error.code, 'INVALID_ARGUMENT');
    const missing = await acme('POST', '/v1/run', { options: {} });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /code/);
    const extra = await acme('POST', '/v1/run', { code: '1', extra: true });
    assert.equal(extra.status, 400);
    const poisoned = await node.request('POST', '/v1/run', {
      token: TOKENS.acme,
      body: '{"code":"1","options":{"__proto__":{"allowEval":true}}}',
    });
    assert.equal(poisoned.status, 400);
    const notString = await acme('POST', '/v1/run', { code: 1 });
    assert.equal(notString.status, 400);
    const options = await acme('POST', '/v1/run', { code: '1', options: { timeoutMs: -1 } });
    assert.equal(options.status, 400);
    assert.deepEqual(
      { name: options.body.error.name, code: options.body.error.code },
      { name: 'ArgumentError', code: 'INVALID_OPTION' },
    );
    assert.match(options.body.error.message, /timeoutMs/);
    const unknown = await acme('POST', '/v1/sandboxes', { options: { nope: 1 } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /unknown option "nope"/);
  });

  test('401: no token, an unknown token, a malformed header', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Bearer ${TOKENS.acme}x` },
      { authorization: TOKENS.acme },
    ]) {
      const answer = await node.request('POST', '/v1/run', { headers, body: { code: '1' } });
      assert.equal(answer.status, 401);
      assert.deepEqual(
        { name: answer.body.error.name, code: answer.body.error.code },
        { name: 'SandboxError', code: 'UNAUTHORIZED' },
      );
    }
  });

  test("403: an option beyond the token's ceiling", async () => {
    const small = (options: unknown) =>
      node.request('POST', '/v1/run', { token: TOKENS.small, body: { code: '1', options } });
    for (const options of [
      { timeoutMs: 1001 },
      { cpuTimeMs: 5000 },
      { memoryLimit: '64mb' },
      { http: { allowlist: ['example.com'] } },
    ]) {
      const answer = await small(options);
      assert.equal(answer.status, 403, JSON.stringify(options));
      assert.equal(answer.body.error.name, 'ArgumentError');
      assert.equal(answer.body.error.code, 'INVALID_OPTION');
    }
    const within = await small({ timeoutMs: 1000, memoryLimit: '16mb' });
    assert.equal(within.status, 200);
    assert.equal(within.body.value, 1);
  });

  test('an unset option whose default is beyond the ceiling gets the ceiling', async () => {
    const answer = await node.request('POST', '/v1/run', {
      token: TOKENS.small,
      body: { code: 'while (true) {}' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.error.name, 'TimeoutError');
    assert.ok(answer.body.stats.wallMs < 3000, `wallMs ${answer.body.stats.wallMs}`);
  });

  test('404: an unknown sandbox and an unknown endpoint', async () => {
    const answer = await acme(
      'POST',
      '/v1/sandboxes/n1.00000000-0000-0000-0000-000000000000/eval',
      {
        code: '1',
      },
    );
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, 'SANDBOX_CLOSED');
    assert.equal((await acme('GET', '/v1/nothing')).status, 404);
  });

  test('413: a body over --max-body-bytes', async () => {
    const answer = await acme('POST', '/v1/run', { code: `"${'x'.repeat(70_000)}".length` });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'INVALID_ARGUMENT');
    assert.match(answer.body.error.message, /65536 bytes/);
  });

  test("429 with Retry-After: over the token's concurrency and its sandboxes", async () => {
    const slow = node.request('POST', '/v1/run', {
      token: TOKENS.small,
      body: { code: 'const end = Date.now() + 700; while (Date.now() < end);' },
    });
    await new Promise((wake) => setTimeout(wake, 150));
    const refused = await node.request('POST', '/v1/run', {
      token: TOKENS.small,
      body: { code: '1' },
    });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.body.error.code, 'QUEUE_FULL');
    assert.equal((await slow).body.ok, true);
    const first = await node.request('POST', '/v1/sandboxes', { token: TOKENS.small, body: {} });
    assert.equal(first.status, 201);
    const second = await node.request('POST', '/v1/sandboxes', { token: TOKENS.small, body: {} });
    assert.equal(second.status, 429);
    assert.equal(second.body.error.code, 'TOO_MANY_SANDBOXES');
    assert.equal(second.headers.get('retry-after'), '1');
    const path = `/v1/sandboxes/${first.body.id}`;
    assert.equal((await node.request('DELETE', path, { token: TOKENS.small })).status, 204);
  });

  test('/healthz and /readyz answer 200 without a token; /metrics is Prometheus text', async () => {
    assert.deepEqual(await node.request('GET', '/healthz').then((a) => [a.status, a.body]), [
      200,
      { ok: true },
    ]);
    const ready = await node.request('GET', '/readyz');
    assert.deepEqual([ready.status, ready.body], [200, { ready: true, draining: false }]);
    const metrics = await node.request('GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
    const text = metrics.text;
    assert.match(text, /^bunker_runs_total\{op="run",outcome="ok"\} [1-9]\d*$/m);
    assert.match(text, /^bunker_runs_total\{op="run",outcome="JAVASCRIPT_ERROR"\} [1-9]\d*$/m);
    assert.match(text, /^bunker_run_duration_seconds_count\{op="eval"\} [1-9]\d*$/m);
    for (const gauge of ['bunker_queue_depth', 'bunker_pool_ready', 'bunker_live_sandboxes'])
      assert.match(text, new RegExp(`^${gauge} \\d+$`, 'm'));
  });

  test('one JSON log line per request on stderr, without the token or the code', async () => {
    await acme('POST', '/v1/run', { code: '"log-marker-" + 1' });
    await new Promise((wake) => setTimeout(wake, 50));
    const line = node.log.filter((entry) => entry.path === '/v1/run').at(-1)!;
    assert.deepEqual(Object.keys(line).sort(), [
      'method',
      'ms',
      'node',
      'outcome',
      'path',
      'status',
      'tenant',
      'time',
    ]);
    assert.deepEqual(
      { method: line.method, status: line.status, tenant: line.tenant, outcome: line.outcome },
      { method: 'POST', status: 200, tenant: 'acme', outcome: 'ok' },
    );
    for (const token of Object.values(TOKENS)) assert.ok(!node.stderr.includes(token));
    assert.ok(!node.stderr.includes('log-marker'));
    const refused = node.log.find((entry) => entry.status === 401)!;
    assert.equal(refused.tenant, null);
  });
});

describe('bunker serve --http: start-up', () => {
  test('refuses a non-loopback address without a token file', async () => {
    const node = new TestNode(['--http', '0.0.0.0:0']);
    assert.deepEqual(await node.exited, { code: 2, signal: null });
    assert.match(node.stderr, /refusing to listen on 0\.0\.0\.0 without --token-file/);
  });

  test('refuses a token file with a short token, naming the field', async () => {
    const file = writeTokenFile({ tokens: [{ token: 'short', tenant: 'a' }] });
    const node = new TestNode(['--token-file', file]);
    assert.deepEqual(await node.exited, { code: 2, signal: null });
    assert.match(node.stderr, /tokens\.0\.token/);
  });

  test('off loopback with a token file it starts; metricsToken guards /metrics', async () => {
    const metricsToken = 'metrics-token-0123456789abcdef';
    const file = writeTokenFile({ tokens: [{ token: TOKENS.acme, tenant: 'acme' }], metricsToken });
    const node = new TestNode(['--http', '0.0.0.0:0', '--token-file', file]);
    try {
      await node.url;
      const listening = node.log.find((line) => line.event === 'listening')!;
      assert.match(listening.address as string, /^0\.0\.0\.0:\d+$/);
      const open = await node.request('GET', '/metrics');
      assert.equal(open.status, 401);
      assert.equal(open.body.error.code, 'UNAUTHORIZED');
      const wrong = await node.request('GET', '/metrics', { token: TOKENS.acme });
      assert.equal(wrong.status, 401);
      const scraped = await node.request('GET', '/metrics', { token: metricsToken });
      assert.equal(scraped.status, 200);
      assert.match(scraped.text, /^bunker_live_sandboxes 0$/m);
      assert.equal((await node.request('GET', '/healthz')).status, 200);
    } finally {
      await node.stop();
    }
  });

  test('on loopback without a token file, every request is tenant "default"', async () => {
    const node = new TestNode([]);
    try {
      const answer = await node.request('POST', '/v1/run', { body: { code: '6 * 7' } });
      assert.deepEqual([answer.status, answer.body.value], [200, 42]);
    } finally {
      await node.stop();
    }
  });
});
