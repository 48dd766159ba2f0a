/**
 * Host functions (issue 14) through the real sandbox: synchronous and asynchronous functions,
 * dotted names, errors both ways, the call limit, a function that never returns, re-entrancy,
 * and frames the broker sends while a call waits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ArgumentError,
  HostCallLimitError,
  JavaScriptError,
  run,
  Sandbox,
  SandboxError,
  TimeoutError,
} from '../../src/index.js';
import { resolveOptions } from '../../src/options.js';
import { descendants } from '../../src/host/proc.js';
import { startServer, type TestServer } from '../broker/servers.js';

const T = 90_000;
const SLOW = { timeoutMs: 30_000 };

describe('host functions: calls', () => {
  test(
    'a synchronous call returns the value, ES5 style, and await on it works too',
    { timeout: T },
    async () => {
      const seen: unknown[] = [];
      const result = await run(
        'var user = lookup(7); var again = await lookup(8); [user.name, again.id, typeof lookup, lookup.name]',
        {
          ...SLOW,
          functions: {
            lookup: (id: number) => {
              seen.push(id);
              return { id, name: `user ${id}` };
            },
          },
        },
      );
      assert.deepEqual(result.value, ['user 7', 8, 'function', 'lookup']);
      assert.deepEqual(seen, [7, 8]);
      assert.equal(result.stats.hostCalls, 2);
    },
  );

  test(
    'an async host function is awaited on the host before the script continues',
    { timeout: T },
    async () => {
      const result = await run('const a = slow(1); const b = slow(2); [a, b]', {
        ...SLOW,
        functions: {
          slow: async (n: number) => {
            await new Promise((resolve) => setTimeout(resolve, 50));
            return n * 10;
          },
        },
      });
      assert.deepEqual(result.value, [10, 20]);
    },
  );

  test(
    'dotted names define nested objects; defineFunction adds and replaces on a live Sandbox',
    { timeout: T },
    async () => {
      const sandbox = await Sandbox.create({
        ...SLOW,
        functions: { 'db.users.find': (id: number) => `u${id}`, 'db.count': () => 3 },
      });
      try {
        assert.deepEqual(
          (
            await sandbox.eval(
              '[typeof db, typeof db.users, db.users.find(1), db.count(), Object.keys(db).sort().join()]',
            )
          ).value,
          ['object', 'object', 'u1', 3, 'count,users'],
        );
        sandbox.defineFunction('db.count', () => 4);
        sandbox.defineFunction('log.event', (name: string) => `logged ${name}`);
        assert.deepEqual(
          (await sandbox.eval('[db.count(), log.event("x"), db.users.find(2)]')).value,
          [4, 'logged x', 'u2'],
        );
        assert.throws(() => sandbox.defineFunction('db', () => 0), {
          name: 'ArgumentError',
          code: 'INVALID_ARGUMENT',
          message: '"db" and "db.users.find" cannot both be functions (one is inside the other)',
        });
        for (const bad of ['', '1x', 'a..b', 'a.__proto__', 'x-y'])
          assert.throws(() => sandbox.defineFunction(bad, () => 0), ArgumentError, bad);
        assert.throws(() => sandbox.defineFunction('ok', 5 as never), { code: 'INVALID_ARGUMENT' });
      } finally {
        await sandbox.dispose();
      }
      await assert.rejects(run('0', { functions: { 'a.b': () => 1, a: () => 2 } }), {
        name: 'ArgumentError',
        code: 'INVALID_OPTION',
      });
      await assert.rejects(run('0', { functions: { f: 'nope' as never } }), {
        name: 'ArgumentError',
        message: 'option "functions.f": must be a function',
      });
    },
  );

  test(
    'a host error becomes a HostFunctionError with its message in the script, never its stack',
    { timeout: T },
    async () => {
      const functions = {
        fail: () => {
          throw new TypeError('no such record');
        },
        reject: () => Promise.reject(new Error('rejected')),
        throwString: () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a careless host function does
          throw 'plain string';
        },
      };
      const result = await run(
        `const out = [];
      for (const f of [fail, reject, throwString])
        try { f(); } catch (e) { out.push([e.name, e.message, e instanceof Error, /hostfn|node_modules|\\.test\\.ts/.test(e.stack)]); }
      out`,
        { ...SLOW, functions },
      );
      assert.deepEqual(result.value, [
        ['HostFunctionError', 'no such record', true, false],
        ['HostFunctionError', 'rejected', true, false],
        ['HostFunctionError', 'plain string', true, false],
      ]);
      const uncaught = await run('fail()', { ...SLOW, functions }).catch((error: unknown) => error);
      assert.ok(uncaught instanceof JavaScriptError);
      assert.equal(uncaught.message, 'HostFunctionError: no such record');
    },
  );

  test(
    'maxHostCalls: the call past it throws HostCallLimitError, caught or ending the eval',
    { timeout: T },
    async () => {
      assert.equal(resolveOptions().maxHostCalls, 1000);
      let calls = 0;
      const functions = { f: () => ++calls };
      const caught = await run(
        'const got = []; for (let i = 0; i < 5; i++) try { got.push(f()); } catch (e) { got.push(e.name + ": " + e.message); } got',
        { ...SLOW, maxHostCalls: 3, functions },
      );
      assert.deepEqual(caught.value, [
        1,
        2,
        3,
        'HostCallLimitError: f(): more than maxHostCalls (3) calls to host functions in one eval',
        'HostCallLimitError: f(): more than maxHostCalls (3) calls to host functions in one eval',
      ]);
      assert.equal(caught.stats.hostCalls, 3);
      const uncaught = await run('for (;;) f()', { ...SLOW, maxHostCalls: 2, functions }).catch(
        (e: unknown) => e,
      );
      assert.ok(uncaught instanceof HostCallLimitError);
      assert.equal(uncaught.code, 'HOST_CALL_LIMIT');
      assert.equal(calls, 5);
    },
  );

  test(
    'a host function that never settles ends the eval with TimeoutError and leaves nothing behind',
    { timeout: T },
    async () => {
      const sandbox = await Sandbox.create({
        timeoutMs: 1500,
        functions: { hang: () => new Promise(() => {}) },
      });
      // The sandbox's outer process (private: only this test looks at it).
      const root = (sandbox as unknown as { guest: { sandbox: { pid: number } } }).guest.sandbox
        .pid;
      assert.ok(descendants(process.pid).some((p) => p.pid === root));
      const started = Date.now();
      const error = await sandbox.eval('hang()').catch((e: unknown) => e);
      const waited = Date.now() - started;
      assert.ok(error instanceof TimeoutError, String(error));
      assert.equal(error.code, 'WALL_TIMEOUT');
      // The host did not wait for the function: the deadline (plus a loaded machine's delay) ended it.
      assert.ok(waited < 15_000, `waited ${waited} ms`);
      await assert.rejects(sandbox.eval('1'), { name: 'SandboxError', code: 'SANDBOX_CLOSED' });
      await sandbox.dispose();
      assert.deepEqual(
        descendants(process.pid).filter((p) => p.pid === root),
        [],
      );
    },
  );

  test(
    "calling the same Sandbox's eval from inside its host function rejects at once",
    { timeout: T },
    async () => {
      const outcomes: string[] = [];
      const sandbox: Sandbox = await Sandbox.create({
        ...SLOW,
        functions: {
          nested: async () => {
            const started = Date.now();
            const error = (await sandbox.eval('1').catch((e: unknown) => e)) as SandboxError;
            outcomes.push(`${error.name} ${error.code} ${Date.now() - started < 1000}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
            const later = (await sandbox
              .setVariable('x', 1)
              .catch((e: unknown) => e)) as SandboxError;
            outcomes.push(`${later.name} ${later.code}`);
            // Another process entirely is fine.
            outcomes.push(String((await run('6 * 7')).value));
            return 'done';
          },
        },
      });
      try {
        assert.equal((await sandbox.eval('nested()')).value, 'done');
        assert.deepEqual(outcomes, [
          'SandboxError REENTRANT_EVAL true',
          'SandboxError REENTRANT_EVAL',
          '42',
        ]);
        // Outside the function the Sandbox works as before.
        assert.equal((await sandbox.eval('2')).value, 2);
      } finally {
        await sandbox.dispose();
      }
    },
  );
});

describe('host functions: frames that arrive while a call waits', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? 0);
      res.end(Buffer.alloc(size, 97));
    });
  });
  after(() => server.close());

  test(
    'fetch answers the broker sends during a call are delivered whole after it',
    { timeout: T },
    async () => {
      const sizes = [10, 3_000_000, 100_000, 5_000_000, 70_000];
      const result = await run(
        `const pending = SIZES.map((size) => fetch('http://api.test:' + PORT + '/?size=' + size).then((r) => r.text()));
      const seen = [];
      for (let i = 0; i < 20; i++) seen.push(slow(i));
      const bodies = await Promise.all(pending);
      [seen.join(), bodies.map((b) => b.length + (/^a*$/.test(b) ? '' : '!'))]`
          .replace('SIZES', JSON.stringify(sizes))
          .replace('PORT', String(server.port)),
        {
          ...SLOW,
          http: {
            allowlist: ['api.test'],
            resolve: { 'api.test': '127.0.0.2' },
            allowedIps: ['127.0.0.2/32'],
            allowedPorts: [server.port],
            maxResponseBytes: '8mb',
          },
          functions: {
            slow: async (i: number) => {
              await new Promise((resolve) => setTimeout(resolve, 20));
              return i;
            },
          },
        },
      );
      assert.deepEqual(result.value, [
        Array.from({ length: 20 }, (_, i) => i).join(),
        sizes.map((size) => `${size}`),
      ]);
    },
  );
});
