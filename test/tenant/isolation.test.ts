/**
 * A fresh realm for every run of a tenant's process (issue 12 part 1): nothing a run defines or
 * changes — globals, intrinsics, the shared web classes, timers, pending fetches, console — is
 * visible to the next, which runs in the same process (checked through performance.timeOrigin).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Pool, type Options } from '../../src/index.js';
import type { Outcome } from '../../src/result.js';
import { loopbackPolicy, startServer, type TestServer } from '../broker/servers.js';

const pool = new Pool({ size: 1 });
after(() => pool.dispose());

let tenants = 0;
/** A tenant of its own for each test: its runs share one process, nobody else's do. */
const newTenant = () => `isolation-${++tenants}`;

/** Runs `code` for the tenant, with the process it ran in. */
async function runIn(tenant: string, code: string, options: Options = {}) {
  const outcome: Outcome = await pool.runResolved(
    `globalThis.__origin = performance.timeOrigin;\n${code}`,
    (await import('../../src/options.js')).resolveOptions({ ...options, tenant }),
  );
  return outcome;
}

/** The process the tenant's next run lands in, and the run's value. */
async function valueIn(tenant: string, code: string, options: Options = {}) {
  const outcome = await runIn(tenant, `[performance.timeOrigin, (() => { ${code} })()]`, options);
  assert.ok(outcome.ok, `the run failed: ${JSON.stringify(outcome)}`);
  const [origin, value] = (outcome as { value: [number, unknown] }).value;
  return { origin, value, console: outcome.console };
}

const ORIGIN_OF = 'performance.timeOrigin';

describe('a fresh realm for every run of a tenant', () => {
  test('globals and poisoned intrinsics of one run are gone in the next', async () => {
    const tenant = newTenant();
    const first = await runIn(
      tenant,
      `globalThis.secret = 'run 1';
       var declared = 'run 1';
       Array.prototype.push = function () { return 'poisoned'; };
       Array.prototype.map = function () { return 'poisoned'; };
       Object.prototype.polluted = 'run 1';
       JSON.parse = () => 'poisoned';
       JSON.stringify = () => 'poisoned';
       Promise.prototype.then = function () { return 'poisoned'; };
       Function.prototype.call = function () { return 'poisoned'; };
       String.prototype.toUpperCase = () => 'poisoned';
       Math.random = () => 4;
       Error.prototype.toString = () => 'poisoned';
       Object.defineProperty(globalThis, 'console', { value: { log() {} } });
       [].push(1)`,
    );
    assert.ok(first.ok);
    assert.equal((first as { value: unknown }).value, 'poisoned');
    const origin = await valueIn(tenant, `return 0`);
    const second = await valueIn(
      tenant,
      `console.log('mine');
       const a = [];
       return [typeof secret, typeof declared, a.push(7), [1, 2].map((x) => x * 2),
         ({}).polluted, JSON.parse('[1]'), JSON.stringify({ a: 1 }),
         typeof Promise.prototype.then, Math.max.call(null, 1, 2), 'x'.toUpperCase(),
         Math.random() < 1, String(new Error('e'))];`,
    );
    assert.equal(second.origin, origin.origin, 'not the same process');
    assert.deepEqual(second.value, [
      'undefined',
      'undefined',
      1,
      [2, 4],
      undefined,
      [1],
      '{"a":1}',
      'function',
      2,
      'X',
      true,
      'Error: e',
    ]);
    assert.equal(second.console, 'mine\n');
  });

  test('the shared web classes resist mutation and the next run sees them pristine', async () => {
    const tenant = newTenant();
    // Every attempt must fail: the classes are shared by every realm of the process.
    const attempts = await valueIn(
      tenant,
      `const targets = { URL, Response, Request, Headers, TextEncoder, TextDecoder, Blob,
         URLSearchParams, AbortController, ReadableStream, crypto };
       const refused = [];
       for (const [name, target] of Object.entries(targets)) {
         const proto = target.prototype ?? Object.getPrototypeOf(target);
         for (const [what, mutate] of [
           ['static', () => Object.defineProperty(target, 'marker', { value: 1 })],
           ['method', () => Object.defineProperty(proto, 'toString', { value: () => 'poisoned' })],
           ['delete', () => { 'use strict'; delete proto.constructor; }],
           ['proto', () => Object.setPrototypeOf(proto, null)],
         ]) {
           try { mutate(); } catch (error) { refused.push(name + ' ' + what + ' ' + error.name); continue; }
           refused.push(name + ' ' + what + ' ALLOWED');
         }
       }
       return refused.filter((r) => r.endsWith('ALLOWED'));`,
    );
    assert.deepEqual(attempts.value, []);
    const next = await valueIn(
      tenant,
      `return [typeof URL.marker, new URL('http://a.test/x?y=1').searchParams.get('y'),
         new TextEncoder().encode('a')[0], new Headers({ a: 'b' }).get('a'),
         Object.isFrozen(Response.prototype), String(new URLSearchParams('a=1'))];`,
    );
    assert.equal(next.origin, attempts.origin);
    assert.deepEqual(next.value, ['undefined', '1', 97, 'b', true, 'a=1']);
  });

  test('timers a failed run left behind never run, in its process or the next run', async () => {
    const tenant = newTenant();
    const first = await runIn(
      tenant,
      `setTimeout(() => console.log('ghost timeout'), 30);
       setInterval(() => console.log('ghost interval'), 10);
       queueMicrotask(() => setTimeout(() => console.log('ghost late'), 20));
       throw new Error('run 1 ends here');`,
    );
    assert.equal(first.ok, false);
    assert.equal(!first.ok && first.error.name, 'JavaScriptError');
    const second = await runIn(
      tenant,
      `await new Promise((resolve) => setTimeout(resolve, 300)); console.log('run 2'); ${ORIGIN_OF}`,
    );
    assert.ok(second.ok, JSON.stringify(second));
    assert.equal(second.console, 'run 2\n');
    // Same process: the ghosts were revoked, not killed with it.
    const third = await valueIn(tenant, 'return 0');
    assert.equal((second as { value: unknown }).value, third.origin);
  });

  test('a run waits for none of the earlier run, and errors it left are not its own', async () => {
    const tenant = newTenant();
    await runIn(
      tenant,
      `AbortSignal.timeout(100).addEventListener('abort', () => { throw new Error('ghost'); });
       AbortSignal.timeout(120).addEventListener('abort', () => { throw 1; });
       crypto.subtle.digest('SHA-256', new Uint8Array(1 << 22)).then(() => {
         throw new TypeError('ghost digest');
       });
       (async () => {
         await crypto.subtle.digest('SHA-256', new Uint8Array(1 << 22));
         throw 'ghost primitive';
       })();
       const never = new Promise(() => {});
       never.then(() => console.log('never'));
       Promise.reject(new Error('late')).catch(() => {});
       1`,
    );
    const second = await runIn(
      tenant,
      `await new Promise((resolve) => setTimeout(resolve, 400)); 'clean'`,
    );
    assert.ok(second.ok, JSON.stringify(!second.ok && second.error));
    assert.equal((second as { value: unknown }).value, 'clean');
    assert.equal(second.console, '');
  });

  describe('fetches', () => {
    let server: TestServer;
    let stalled: (() => void)[] = [];
    before(async () => {
      server = await startServer((req, res) => {
        if (req.url === '/slow') {
          stalled.push(() => res.end('late'));
          return;
        }
        res.end('fast');
      });
    });
    after(async () => {
      for (const release of stalled) release();
      stalled = [];
      await server.close();
    });

    test('a fetch pending when a run ends never settles in the next run', async () => {
      const tenant = newTenant();
      const http = loopbackPolicy(server.port);
      const first = await runIn(
        tenant,
        `fetch('http://api.test:${server.port}/slow').then(
           (r) => console.log('ghost answer'), (e) => console.log('ghost error ' + e.name));
         await new Promise((resolve) => setTimeout(resolve, 100));
         throw new Error('run 1 ends with its fetch pending');`,
        { http },
      );
      assert.equal(!first.ok && first.error.name, 'JavaScriptError');
      for (const release of stalled.splice(0)) release(); // the server answers now: too late
      const second = await runIn(
        tenant,
        `const text = await (await fetch('http://api.test:${server.port}/fast')).text();
         await new Promise((resolve) => setTimeout(resolve, 200));
         text`,
        { http },
      );
      assert.ok(second.ok, JSON.stringify(!second.ok && second.error));
      assert.equal((second as { value: unknown }).value, 'fast');
      assert.equal(second.console, '');
      assert.deepEqual(
        second.requests.map((r) => r.url),
        [`http://api.test:${server.port}/fast`],
      );
    });
  });
});
