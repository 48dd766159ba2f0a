/**
 * The mquickjs dialect (issue 15; the Ruby gem's bunker/mquickjs sets it): mquickjs-ruby's
 * globals, console and value conversion, through the real sandbox and a real server on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { run, Sandbox } from '../../src/index.js';
import { START_ALLOWANCE_MS } from '../../src/host/script-clock.js';
import { MIN_BUDGET_MS } from '../../src/guest/script-deadline.js';
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

describe('dialect mquickjs: timeoutMs counts from the script start, and the guest stops what it can', () => {
  // mquickjs's timeout is wall clock only (the Ruby shim gives at least 1 s of CPU time).
  const timed = (timeoutMs: number) => ({ ...mquickjs, timeoutMs, cpuTimeMs: 5000 });
  const timeout = (ms: number) => ({
    name: 'TimeoutError',
    code: 'WALL_TIMEOUT',
    message: `the script ran longer than timeoutMs (${ms} ms)`,
  });

  test('timeoutMs of 1 to 10 ms never fails a small eval or setVariable', async () => {
    for (let ms = 1; ms <= 10; ms++) {
      const sandbox = await Sandbox.create(timed(ms));
      try {
        await sandbox.setVariable('v', ms);
        for (let i = 0; i < 3; i++) assert.equal((await sandbox.eval('v + 1')).value, ms + 1);
      } finally {
        await sandbox.dispose();
      }
    }
  });

  test('a synchronous loop past timeoutMs is stopped by the guest: the realm and its globals stay', async () => {
    const sandbox = await Sandbox.create(timed(100));
    try {
      await sandbox.eval('var x = 41');
      const stopped = await sandbox.evalOutcome('x++; for (;;) {}');
      assert.equal(stopped.ok, false);
      assert.deepEqual(!stopped.ok && stopped.error, timeout(100));
      // The guest stopped it, not the host's deadline (which also ends the process).
      assert.ok(stopped.stats.wallMs < 100 + START_ALLOWANCE_MS, `${stopped.stats.wallMs} ms`);
      assert.ok(stopped.stats.cpuMs <= stopped.stats.wallMs + 10, JSON.stringify(stopped.stats));
      const after = await sandbox.eval('x');
      assert.equal(after.value, 42);
      // The loop's CPU time stayed with its own eval.
      assert.ok(after.stats.cpuMs < 50, JSON.stringify(after.stats));
      // try/catch and finally cannot hold the interrupt off, as in mquickjs.
      await assert.rejects(
        sandbox.eval('try { for (;;) {} } catch (e) { x = -1 } finally { x = -2; for (;;) {} }'),
        timeout(100),
      );
      assert.equal((await sandbox.eval('x')).value, 42);
    } finally {
      await sandbox.dispose();
    }
  });

  test('promise jobs queued before the interrupt run within the eval, not after its answer', async () => {
    const sandbox = await Sandbox.create(timed(100));
    try {
      const stopped = await sandbox.evalOutcome(
        "Promise.resolve().then(() => { console.log('late'); setTimeout(() => console.log('later'), 0) }); for (;;) {}",
      );
      assert.deepEqual(!stopped.ok && [stopped.error, stopped.console], [timeout(100), 'late\n']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const after = await sandbox.eval("'still here'");
      assert.deepEqual([after.value, after.console], ['still here', '']);
    } finally {
      await sandbox.dispose();
    }
  });

  test('a wait past timeoutMs is stopped by the guest: its timers are dropped, the globals stay', async () => {
    const sandbox = await Sandbox.create(timed(100));
    try {
      await assert.rejects(
        sandbox.eval(
          'var fired = 0; setTimeout(() => { fired = 1 }, 400); await new Promise(() => {})',
        ),
        timeout(100),
      );
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal((await sandbox.eval('fired')).value, 0);
    } finally {
      await sandbox.dispose();
    }
  });

  test(`the budget is at least ${MIN_BUDGET_MS} ms: a script under that finishes`, async () => {
    const sandbox = await Sandbox.create(timed(1));
    try {
      const code = `var end = Date.now() + ${MIN_BUDGET_MS / 5}; while (Date.now() < end) {} 'done'`;
      assert.equal((await sandbox.eval(code)).value, 'done');
      await assert.rejects(sandbox.eval('for (;;) {}'), timeout(1));
      assert.equal((await sandbox.eval('end > 0')).value, true);
    } finally {
      await sandbox.dispose();
    }
  });

  test("code running past timeoutMs after an await is the host's to stop: the process ends", async () => {
    const sandbox = await Sandbox.create(timed(100));
    try {
      const stopped = await sandbox.evalOutcome('await 0; for (;;) {}');
      assert.deepEqual(!stopped.ok && stopped.error, timeout(100));
      assert.ok(stopped.stats.wallMs >= 100 + START_ALLOWANCE_MS - 1, `${stopped.stats.wallMs} ms`);
      await assert.rejects(sandbox.eval('1'), { name: 'SandboxError', code: 'SANDBOX_CLOSED' });
    } finally {
      await sandbox.dispose();
    }
  });

  test("bunker's own dialect keeps the host's clock: a timed-out loop ends the process", async () => {
    const sandbox = await Sandbox.create({ timeoutMs: 100, cpuTimeMs: 5000 });
    try {
      const stopped = await sandbox.evalOutcome('for (;;) {}');
      assert.deepEqual(!stopped.ok && stopped.error, timeout(100));
      assert.ok(stopped.stats.wallMs < START_ALLOWANCE_MS, `${stopped.stats.wallMs} ms`);
      await assert.rejects(sandbox.eval('1'), { name: 'SandboxError', code: 'SANDBOX_CLOSED' });
    } finally {
      await sandbox.dispose();
    }
  });
});

describe('dialect mquickjs: a synchronous fetch that outlasts timeoutMs', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((req, res, body) => {
      setTimeout(() => echo(req, res, body), 300);
    });
  });
  after(() => server.close());

  test('ends in TimeoutError, and the interrupted guest leaves its process to the host', async () => {
    const http = loopbackPolicy(server.port);
    const sandbox = await Sandbox.create({ ...mquickjs, timeoutMs: 100, cpuTimeMs: 5000, http });
    try {
      const stopped = await sandbox.evalOutcome(
        `var before = 1; fetch('http://api.test:${server.port}/slow'); for (;;) {}`,
      );
      assert.deepEqual(!stopped.ok && [stopped.error.name, stopped.error.code], [
        'TimeoutError',
        'WALL_TIMEOUT',
      ]);
      assert.equal(stopped.requests.length, 1);
      const next = await sandbox.evalOutcome('before');
      assert.deepEqual(next.ok ? next.value : next.error.code, 'SANDBOX_CLOSED');
    } finally {
      await sandbox.dispose();
    }
  });
});
