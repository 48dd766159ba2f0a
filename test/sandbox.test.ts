import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Sandbox } from '../src/index.js';

describe('Sandbox', () => {
  const open: Sandbox[] = [];
  const create = async (options?: Parameters<typeof Sandbox.create>[0]) => {
    const sandbox = await Sandbox.create(options);
    open.push(sandbox);
    return sandbox;
  };
  after(async () => {
    await Promise.all(open.map((s) => s.dispose()));
  });

  test('globals persist between evals, declarations included', async () => {
    const sandbox = await create();
    await sandbox.eval(
      'var a = 1; let b = 2; const c = 3; function d() { return 4 } class E {}; 0',
    );
    assert.equal(
      (await sandbox.eval('a + b + c + d() + (typeof E === "function" ? 1 : 0)')).value,
      11,
    );
    await sandbox.eval('globalThis.counter = 0');
    for (let i = 0; i < 5; i++) await sandbox.eval('counter++');
    assert.equal((await sandbox.eval('counter')).value, 5);
  });

  test('setVariable defines a global from host data', async () => {
    const sandbox = await create();
    await sandbox.setVariable('user', {
      name: 'Ada',
      tags: ['x', 'y'],
      born: new Date(Date.UTC(1815, 11, 10)),
    });
    const result = await sandbox.eval(
      '[user.name.toUpperCase(), user.tags.length, user.born.getUTCFullYear()]',
    );
    assert.deepEqual(result.value, ['ADA', 2, 1815]);
    await sandbox.setVariable('not an identifier', 7);
    assert.equal((await sandbox.eval('globalThis["not an identifier"]')).value, 7);
  });

  test('setVariable refuses functions and empty names with ArgumentError', async () => {
    const sandbox = await create();
    await assert.rejects(
      sandbox.setVariable('f', () => 1),
      {
        name: 'ArgumentError',
        code: 'INVALID_ARGUMENT',
        message: 'setVariable("f"): DataCloneError: function at value could not be cloned',
      },
    );
    await assert.rejects(sandbox.setVariable('', 1), {
      name: 'ArgumentError',
      code: 'INVALID_ARGUMENT',
    });
  });

  test('console output is per eval', async () => {
    const sandbox = await create();
    assert.equal((await sandbox.eval('console.log("one"); 1')).console, 'one\n');
    assert.equal((await sandbox.eval('console.log("two"); 2')).console, 'two\n');
  });

  test('a failing eval leaves the sandbox usable', async () => {
    const sandbox = await create();
    await sandbox.eval('var kept = 42');
    await assert.rejects(sandbox.eval('throw new Error("x")'), { name: 'JavaScriptError' });
    await assert.rejects(sandbox.eval('let = ;'), { name: 'SyntaxError' });
    assert.equal((await sandbox.eval('kept')).value, 42);
  });

  test('evals issued together run one at a time, in order', async () => {
    const sandbox = await create();
    await sandbox.eval('var log = []');
    const results = await Promise.all([
      sandbox.eval('await new Promise((r) => setTimeout(r, 50)); log.push(1); log.length'),
      sandbox.eval('log.push(2); log.length'),
    ]);
    assert.deepEqual(
      results.map((r) => r.value),
      [1, 2],
    );
  });

  test('two sandboxes share nothing', async () => {
    const [a, b] = await Promise.all([create(), create()]);
    await a.eval('var secret = "a"');
    await assert.rejects(b.eval('secret'), { name: 'JavaScriptError', message: /^ReferenceError/ });
  });

  test('after a timeout the sandbox is closed and says why', async () => {
    const sandbox = await create({ timeoutMs: 200, cpuTimeMs: 60_000 });
    await assert.rejects(sandbox.eval('for (;;) {}'), {
      name: 'TimeoutError',
      code: 'WALL_TIMEOUT',
    });
    await assert.rejects(sandbox.eval('1'), {
      name: 'SandboxError',
      code: 'SANDBOX_CLOSED',
      message: /TimeoutError/,
    });
  });

  test('dispose ends the process; later evals reject', async () => {
    const sandbox = await Sandbox.create();
    await sandbox.dispose();
    await sandbox.dispose();
    await assert.rejects(sandbox.eval('1'), { name: 'SandboxError', code: 'SANDBOX_CLOSED' });
  });

  test('a pending eval rejects when the sandbox is disposed', async () => {
    const sandbox = await Sandbox.create();
    const pending = assert.rejects(sandbox.eval('await new Promise(() => {})'), {
      name: 'SandboxError',
      code: 'SANDBOX_CLOSED',
    });
    await new Promise((r) => setTimeout(r, 50));
    await sandbox.dispose();
    await pending;
  });

  test('timers a script leaves behind are finished before its eval returns', async () => {
    const sandbox = await create();
    const result = await sandbox.eval(
      'var ticks = 0; const t = setInterval(() => { if (++ticks === 3) clearInterval(t) }, 5); "scheduled"',
    );
    assert.equal(result.value, 'scheduled');
    assert.equal((await sandbox.eval('ticks')).value, 3);
  });

  test('bad options are an ArgumentError', async () => {
    await assert.rejects(Sandbox.create({ memoryLimit: -5 }), {
      name: 'ArgumentError',
      code: 'INVALID_OPTION',
    });
  });
});
