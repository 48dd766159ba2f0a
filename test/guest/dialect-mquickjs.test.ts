/**
 * The mquickjs dialect (issue 15; the Ruby gem's bunker/mquickjs sets it): mquickjs-ruby's
 * globals, console and value conversion, through the real sandbox and a real server on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { run, Sandbox } from '../../src/index.js';
import { echo, loopbackPolicy, reply, startServer, type TestServer } from '../broker/servers.js';

const mquickjs = { dialect: 'mquickjs' } as const;

describe('dialect mquickjs: globals, console and values', () => {
  test('print writes like console.log, and console joins String() of each argument', async () => {
    const result = await run(
      "print('a', 1); console.log('50%off', 1, { a: 1 }, [1, [2]], null, undefined, -0); 0",
      mquickjs,
    );
    assert.equal(result.console, 'a 1\n50%off 1 [object Object] 1,2 null undefined 0\n');
  });

  test('a function or Error in the completion value is given as its text', async () => {
    const { value } = await run(
      "function f() { return 1 }; [f, { e: new TypeError('boom') }, new Error('')]",
      mquickjs,
    );
    assert.deepEqual(value, ['function f() { return 1 }', { e: 'TypeError: boom' }, 'Error']);
  });

  test("bunker's own dialect keeps its globals, console and DataCloneError", async () => {
    const result = await run("console.log('%s!', 'a'); typeof print", {});
    assert.deepEqual([result.console, result.value], ['a!\n', 'undefined']);
    await assert.rejects(run('(function f() {})'), /DataCloneError: function at value/);
  });

  test('the globals are installed once: what the script changes stays', async () => {
    const sandbox = await Sandbox.create(mquickjs);
    try {
      await sandbox.eval('var seen = []; print = (x) => seen.push(x); 0');
      assert.deepEqual((await sandbox.eval("print('x'); seen")).value, ['x']);
    } finally {
      await sandbox.dispose();
    }
  });
});

describe('dialect mquickjs: the synchronous fetch', () => {
  let server: TestServer;
  let base: string;
  let http: ReturnType<typeof loopbackPolicy>;
  before(async () => {
    server = await startServer((req, res, body) => {
      if (req.url === '/redirect') reply(res, 302, { location: '/landed' });
      else {
        res.setHeader('x-reply', 'yes');
        echo(req, res, body);
      }
    });
    base = `http://api.test:${server.port}`;
    http = loopbackPolicy(server.port);
  });
  after(() => server.close());

  test('returns {status, statusText, ok, body, headers} without a Promise, and is on record', async () => {
    const code = `var r = fetch('${base}/json', { method: 'put', body: { a: 1 } });
      [Object.keys(r), r.status, r.statusText, r.ok, JSON.parse(r.body), r.headers['x-reply']]`;
    const { value, requests } = await run(code, { ...mquickjs, http });
    assert.deepEqual(value, [
      ['status', 'statusText', 'ok', 'body', 'headers'],
      200,
      'OK',
      true,
      { method: 'PUT', url: '/json', host: `api.test:${server.port}`, body: '[object Object]' },
      'yes',
    ]);
    assert.deepEqual(
      requests.map((r) => [r.method, r.url, r.status]),
      [['PUT', `${base}/json`, 200]],
    );
  });

  test('a redirect comes back as it is, as in mquickjs', async () => {
    const { value } = await run(
      `var r = fetch('${base}/redirect'); [r.status, r.ok, r.headers.location]`,
      { ...mquickjs, http },
    );
    assert.deepEqual(value, [302, false, '/landed']);
  });

  test("the broker's policy holds: a refused URL reaches nothing and fails the eval", async () => {
    const before = server.hits.length;
    await assert.rejects(run(`fetch('http://other.test:${server.port}/')`, { ...mquickjs, http }), {
      name: 'HTTPBlockedError',
      code: 'HTTP_BLOCKED',
    });
    await assert.rejects(
      run(`fetch('${base}/'); fetch('${base}/')`, {
        ...mquickjs,
        http: { ...http, maxRequests: 1 },
      }),
      {
        name: 'HTTPLimitError',
      },
    );
    assert.equal(server.hits.length, before + 1);
  });
});
