import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { run, Sandbox } from '../../src/index.js';
import { echo, loopbackPolicy, reply, startServer, type TestServer } from './servers.js';

describe('fetch: what the script sees', () => {
  let server: TestServer;
  let base: string;
  let http: ReturnType<typeof loopbackPolicy>;
  before(async () => {
    server = await startServer((req, res, body) => {
      if (req.url === '/redirect') reply(res, 302, { location: '/landed' });
      else if (req.url === '/see-other') reply(res, 303, { location: '/landed' });
      else if (req.url === '/no-content') reply(res, 204);
      else if (req.url === '/slow') setTimeout(() => echo(req, res, body), 8000);
      else {
        res.setHeader('x-reply', 'yes');
        echo(req, res, body);
      }
    });
    base = `http://api.test:${server.port}`;
    http = loopbackPolicy(server.port);
  });
  after(() => server.close());

  test('returns a standard Response: status, ok, headers, json(), url', async () => {
    const code = `const r = await fetch('${base}/x?y=1');
      [r.status, r.ok, r.statusText, r.headers.get('x-reply'), await r.json(), r.url, r.redirected, r instanceof Response]`;
    const { value, requests } = await run(code, { http });
    assert.deepEqual(value, [
      200,
      true,
      'OK',
      'yes',
      { method: 'GET', url: '/x?y=1', host: `api.test:${server.port}`, body: '' },
      `${base}/x?y=1`,
      false,
      true,
    ]);
    assert.equal(requests.length, 1);
    assert.deepEqual(
      { ...requests[0], durationMs: 0 },
      {
        method: 'GET',
        url: `${base}/x?y=1`,
        status: 200,
        durationMs: 0,
        requestBytes: 0,
        responseBytes: Buffer.byteLength(JSON.stringify((value as unknown[])[4])),
      },
    );
  });

  test('sends method, headers and body; text() and arrayBuffer() work', async () => {
    const code = `const r = await fetch('${base}/post', { method: 'post', headers: { 'x-token': 'abc' }, body: JSON.stringify({ n: 1 }) });
      const text = await r.clone().text(); const bytes = (await r.arrayBuffer()).byteLength; [JSON.parse(text).body, bytes === text.length]`;
    const { value, requests } = await run(code, { http });
    assert.deepEqual(value, ['{"n":1}', true]);
    const hit = server.hits.at(-1)!;
    assert.equal(hit.method, 'POST');
    assert.equal(hit.headers['x-token'], 'abc');
    assert.equal(requests[0]!.requestBytes, 7);
  });

  test('the broker sets Host from the URL; a script-supplied Host header is dropped', async () => {
    const { value } = await run(
      `(await (await fetch('${base}/h', { headers: { host: 'internal.example' } })).json()).host`,
      { http },
    );
    assert.equal(value, `api.test:${server.port}`);
  });

  test('follows a redirect and reports both hops', async () => {
    const { value, requests } = await run(
      `const r = await fetch('${base}/redirect'); [r.status, r.url, r.redirected, (await r.json()).url]`,
      { http },
    );
    assert.deepEqual(value, [200, `${base}/landed`, true, '/landed']);
    assert.deepEqual(
      requests.map((r) => [r.status, r.url]),
      [
        [302, `${base}/redirect`],
        [200, `${base}/landed`],
      ],
    );
  });

  test('a 303 after a POST becomes a GET without the body', async () => {
    const { value } = await run(
      `const j = await (await fetch('${base}/see-other', { method: 'POST', body: 'x' })).json(); [j.method, j.body]`,
      { http },
    );
    assert.deepEqual(value, ['GET', '']);
  });

  test('redirect: "manual" returns the 3xx, redirect: "error" rejects', async () => {
    const { value } = await run(
      `const r = await fetch('${base}/redirect', { redirect: 'manual' }); [r.status, r.headers.get('location')]`,
      { http },
    );
    assert.deepEqual(value, [302, '/landed']);
    await assert.rejects(run(`await fetch('${base}/redirect', { redirect: 'error' })`, { http }), {
      name: 'HTTPError',
      code: 'HTTP_ERROR',
    });
  });

  test('a 204 gives a Response with a null body', async () => {
    const { value } = await run(
      `const r = await fetch('${base}/no-content'); [r.status, r.body, await r.text()]`,
      { http },
    );
    assert.deepEqual(value, [204, null, '']);
  });

  test('HEAD gets headers and no body', async () => {
    const { value } = await run(
      `const r = await fetch('${base}/head', { method: 'HEAD' }); [r.status, r.headers.get('x-reply'), await r.text()]`,
      { http },
    );
    assert.deepEqual(value, [200, 'yes', '']);
  });

  test('20 concurrent fetches from one script all complete', async () => {
    const code = `const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch('${base}/c' + i).then((r) => r.json())));
      rs.map((j) => j.url).join(',')`;
    const { value, requests } = await run(code, { http: { ...http, maxRequests: 20 } });
    assert.equal(value, Array.from({ length: 20 }, (_, i) => `/c${i}`).join(','));
    assert.equal(requests.length, 20);
    assert.ok(requests.every((r) => r.status === 200));
  });

  test('an aborted fetch rejects with the signal reason and the eval goes on', async () => {
    const code = `const c = new AbortController(); const p = fetch('${base}/slow', { signal: c.signal });
      setTimeout(() => c.abort(), 50); let name; try { await p } catch (e) { name = e.name } name`;
    const result = await run(code, { http });
    assert.equal(result.value, 'AbortError');
    // Well before the reply (8 s): the abort ended it, on a loaded machine too.
    assert.ok(result.stats.wallMs < 6000, `took ${result.stats.wallMs} ms`);
  });

  test('a fetch the script does not await still finishes before the eval ends', async () => {
    const { value } = await run(
      `globalThis.got = 0; fetch('${base}/bg').then((r) => r.json()).then(() => { globalThis.got = 1 }); 'started'`,
      { http },
    );
    assert.equal(value, 'started');
    const sandbox = await Sandbox.create({ http });
    try {
      await sandbox.eval(`fetch('${base}/bg').then(() => { globalThis.got = 1 }); 0`);
      assert.equal((await sandbox.eval('globalThis.got')).value, 1);
    } finally {
      await sandbox.dispose();
    }
  });

  test('timeoutMs bounds time spent waiting for fetch', async () => {
    await assert.rejects(
      run(`await fetch('${base}/slow')`, { timeoutMs: 300, cpuTimeMs: 60_000, http }),
      { name: 'TimeoutError', code: 'WALL_TIMEOUT' },
    );
  });

  test('a Sandbox counts maxRequests per eval', async () => {
    const sandbox = await Sandbox.create({ http: { ...http, maxRequests: 1 } });
    try {
      for (let i = 0; i < 3; i++) {
        const result = await sandbox.eval(`(await fetch('${base}/n')).status`);
        assert.equal(result.value, 200);
        assert.equal(result.requests.length, 1);
      }
    } finally {
      await sandbox.dispose();
    }
  });

  test('an uncaught fetch failure fails the eval under its name, with the requests attached', async () => {
    const error = await run(`await fetch('http://elsewhere.test:${server.port}/')`, { http }).then(
      () => assert.fail('should reject'),
      (e: unknown) => e as { name: string; code: string; message: string; requests: unknown[] },
    );
    assert.equal(error.name, 'HTTPBlockedError');
    assert.equal(error.code, 'HTTP_BLOCKED');
    assert.equal(error.message, `http://elsewhere.test:${server.port}/ is not in the allowlist`);
    assert.deepEqual(error.requests, [
      {
        method: 'GET',
        url: `http://elsewhere.test:${server.port}/`,
        status: null,
        durationMs: (error.requests[0] as { durationMs: number }).durationMs,
        requestBytes: 0,
        responseBytes: 0,
        blocked: 'allowlist',
      },
    ]);
  });

  test('the script can catch a blocked fetch: it is an Error named HTTPBlockedError', async () => {
    const { value } = await run(
      `let r; try { await fetch('http://elsewhere.test/') } catch (e) { r = [e instanceof Error, e.name] } r`,
      { http },
    );
    assert.deepEqual(value, [true, 'HTTPBlockedError']);
  });
});
