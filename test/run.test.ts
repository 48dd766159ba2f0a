import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run, Sandbox } from '../src/index.js';

describe('run: completion values', () => {
  test('returns the completion value of an expression', async () => {
    const result = await run('1 + 1');
    assert.equal(result.value, 2);
    assert.equal(result.console, '');
    assert.equal(result.consoleTruncated, false);
  });

  test('awaits a promise the script ends with', async () => {
    assert.equal((await run('Promise.resolve(41).then((x) => x + 1)')).value, 42);
  });

  test('keeps the completion value across top-level await', async () => {
    const result = await run('const f = async () => 41; const x = await f(); x + 1');
    assert.equal(result.value, 42);
  });

  test('returns objects and arrays as data', async () => {
    assert.deepEqual((await run('({ a: [1, "two", { three: true }], b: null })')).value, {
      a: [1, 'two', { three: true }],
      b: null,
    });
  });

  test('runs TypeScript when asked', async () => {
    const result = await run(
      'const n: number = 20; interface P { x: number }; const p: P = { x: n }; p.x + 1',
      {
        typescript: true,
      },
    );
    assert.equal(result.value, 21);
  });

  test('runs modern syntax: classes, private fields, optional chaining, BigInt', async () => {
    const code = 'class C { #x = 2n; get x() { return this.#x ** 10n } }; new C()?.x';
    assert.equal((await run(code)).value, 1024n);
  });

  test('waits for timers the script left pending', async () => {
    const result = await run(
      'let n = 0; setTimeout(() => { n = 5; console.log("late") }, 30); "now"',
    );
    assert.equal(result.value, 'now');
    assert.equal(result.console, 'late\n');
  });

  test('reports stats measured by the host', async () => {
    const { stats } = await run('let s = 0; for (let i = 0; i < 1e6; i++) s += i; s');
    assert.ok(stats.wallMs > 0);
    assert.ok(stats.cpuMs >= 0);
    assert.ok(stats.peakMemoryBytes >= 0);
  });
});

describe('run: console', () => {
  test('captures every console method in order', async () => {
    const code =
      'console.log("a", 1); console.info("b"); console.warn("c"); console.error("d"); console.debug({ e: 1 }); 0';
    assert.equal((await run(code)).console, 'a 1\nb\nc\nd\n{ e: 1 }\n');
  });

  test('formats as util.format does, plain values and format strings alike', async () => {
    const code = [
      'console.log("a", 1, true, null, undefined, -0, 1n, Symbol("s"), "%d");',
      'console.log("%s=%d %j", "x", 5, { j: 1 }, "rest", [1]);',
      'console.log(1e21, NaN, "");',
      '0',
    ].join(' ');
    // A cold process gets the eval before it is idle long enough to load its formatter ahead.
    assert.equal(
      (await run(code, { pool: false })).console,
      'a 1 true null undefined -0 1n Symbol(s) %d\nx=5 {"j":1} rest [ 1 ]\n1e+21 NaN \n',
    );
  });

  test('a live sandbox formats objects before and after it loaded its formatter while idle, and the host realm refuses code generation', async () => {
    const sandbox = await Sandbox.create();
    const probe =
      'console.log({ n: 1 }, [2]); (() => { try { return URL.constructor.constructor("return typeof process")() } catch (e) { return e.name } })()';
    try {
      const first = await sandbox.eval(probe);
      await new Promise((resolve) => setTimeout(resolve, 300)); // past the guest's idle preload
      const second = await sandbox.eval(probe);
      for (const result of [first, second]) {
        assert.equal(result.console, '{ n: 1 } [ 2 ]\n');
        assert.equal(result.value, 'EvalError');
      }
    } finally {
      await sandbox.dispose();
    }
  });

  test('truncates at consoleMaxBytes without splitting a UTF-8 character', async () => {
    // "é" is two bytes: a 5-byte cap must keep "éé" (4 bytes), not half of the third.
    const result = await run('console.log("ééééé"); 1', { consoleMaxBytes: 5 });
    assert.equal(result.console, 'éé');
    assert.equal(result.consoleTruncated, true);
    assert.equal(result.value, 1);
  });

  test('output dropped after the cap was reached exactly still counts as truncated', async () => {
    const exact = await run('console.log("123456789"); console.log("x"); 1', {
      consoleMaxBytes: 10,
    });
    assert.deepEqual([exact.console, exact.consoleTruncated], ['123456789\n', true]);
    const none = await run('console.log("a"); 1', { consoleMaxBytes: 0 });
    assert.deepEqual([none.console, none.consoleTruncated], ['', true]);
    const fits = await run('console.log("123456789"); 1', { consoleMaxBytes: 10 });
    assert.deepEqual([fits.console, fits.consoleTruncated], ['123456789\n', false]);
  });

  test('a flood of output is dropped past the cap and the run still succeeds', async () => {
    const result = await run('for (let i = 0; i < 200000; i++) console.log("line " + i); "done"', {
      consoleMaxBytes: 100,
    });
    assert.equal(result.value, 'done');
    assert.equal(result.consoleTruncated, true);
    assert.equal(Buffer.byteLength(result.console), 100);
  });
});

describe('run: errors', () => {
  test('a parse failure is a SyntaxError', async () => {
    await assert.rejects(run('let = ;'), { name: 'SyntaxError', code: 'SYNTAX_ERROR' });
  });

  test('an uncaught exception is a JavaScriptError that keeps the original kind and the guest stack', async () => {
    await assert.rejects(
      run('function boom() { throw new TypeError("boom") }\nboom()'),
      (error: Error & Record<string, unknown>) => {
        assert.equal(error.name, 'JavaScriptError');
        assert.equal(error.code, 'JAVASCRIPT_ERROR');
        assert.equal(error.message, 'TypeError: boom');
        assert.match(String(error.stack), /boom/);
        assert.doesNotMatch(String(error.stack), /node:internal|src\/host/);
        return true;
      },
    );
  });

  test('a thrown non-Error keeps its string form', async () => {
    await assert.rejects(run('throw "plain"'), { name: 'JavaScriptError', message: 'plain' });
  });

  test('a rejected promise is a JavaScriptError', async () => {
    await assert.rejects(run('await Promise.reject(new RangeError("nope"))'), {
      name: 'JavaScriptError',
      message: 'RangeError: nope',
    });
  });

  test('an error thrown in a timer fails the eval', async () => {
    await assert.rejects(run('setTimeout(() => { throw new Error("in timer") }, 5); 1'), {
      name: 'JavaScriptError',
      message: 'Error: in timer',
    });
  });

  test('errors carry the console output captured before them', async () => {
    await assert.rejects(
      run('console.log("before"); null.x'),
      (error: Error & Record<string, unknown>) => {
        assert.equal(error.name, 'JavaScriptError');
        assert.equal(error.console, 'before\n');
        assert.equal(error.consoleTruncated, false);
        return true;
      },
    );
  });

  test('bad options are an ArgumentError naming the option', async () => {
    await assert.rejects(run('1', { timeoutMs: -1 }), {
      name: 'ArgumentError',
      code: 'INVALID_OPTION',
      message: /timeoutMs/,
    });
    await assert.rejects(run('1', { nope: 1 } as never), {
      name: 'ArgumentError',
      message: /unknown option "nope"/,
    });
    await assert.rejects(run('1', { memoryLimit: 'lots' }), {
      name: 'ArgumentError',
      message: /memoryLimit/,
    });
  });

  test('code that is not a string is an ArgumentError', async () => {
    await assert.rejects(run(42 as never), { name: 'ArgumentError', code: 'INVALID_ARGUMENT' });
  });
});
