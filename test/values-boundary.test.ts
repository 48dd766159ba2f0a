/** Values crossing the sandbox boundary, both ways (docs/values.md is the table these check). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { run, Sandbox } from '../src/index.js';
import { MAX_FRAME_BYTES } from '../src/protocol/frames.js';

const faithful: [string, string, unknown][] = [
  [
    'JSON object',
    '({ a: [1, 2.5, "s", true, null], "b c": { d: {} } })',
    { a: [1, 2.5, 's', true, null], 'b c': { d: {} } },
  ],
  ['undefined', 'undefined', undefined],
  ['undefined in an object', '({ u: undefined })', { u: undefined }],
  ['NaN', 'NaN', NaN],
  ['Infinity', '[Infinity, -Infinity]', [Infinity, -Infinity]],
  ['-0', '-0', -0],
  ['BigInt', '2n ** 70n', 2n ** 70n],
  ['Date', 'new Date(Date.UTC(2020, 0, 2))', new Date(Date.UTC(2020, 0, 2))],
  ['RegExp', '/a+b/gi', /a+b/gi],
  [
    'Map',
    'new Map([[1, "one"], ["k", { v: 2 }]])',
    new Map<unknown, unknown>([
      [1, 'one'],
      ['k', { v: 2 }],
    ]),
  ],
  ['Set', 'new Set([1, "two", 3n])', new Set([1, 'two', 3n])],
  ['Uint8Array', 'new Uint8Array([1, 2, 255])', new Uint8Array([1, 2, 255])],
  ['Float64Array', 'new Float64Array([0.5, -1])', new Float64Array([0.5, -1])],
  ['ArrayBuffer', 'new Uint8Array([7, 8]).buffer', new Uint8Array([7, 8]).buffer],
  ['string with NUL and emoji', '"a\\u0000b😀"', 'a\u0000b😀'],
  ['sparse array', '[1, , 3]', [1, undefined, 3]],
];

describe('values from the guest', () => {
  for (const [name, code, expected] of faithful) {
    test(`${name} arrives faithfully`, async () => {
      const { value } = await run(code);
      if (typeof expected === 'number')
        assert.ok(Object.is(value, expected), `${String(value)} is not ${String(expected)}`);
      else assert.deepStrictEqual(value, expected);
    });
  }

  test('an Error arrives as an Error of the same kind', async () => {
    const { value } = await run('new TypeError("bad")');
    assert.ok(value instanceof TypeError);
    assert.equal(value.message, 'bad');
  });

  test("a returned Error's stack shows the script's frames, not the runtime's", async () => {
    const { value } = await run('function make() { return new Error("x") }\nmake()');
    const stack = (value as Error).stack ?? '';
    assert.match(stack, /make/);
    assert.doesNotMatch(stack, /guest\/|bundle\.js|runInContext/);
  });

  test('circular structures are rebuilt', async () => {
    const { value } = (await run('const a = { name: "a" }; a.self = a; a.list = [a]; a')) as {
      value: Record<string, unknown>;
    };
    assert.equal(value.self, value);
    assert.equal((value.list as unknown[])[0], value);
  });

  test('class instances arrive as plain objects of their fields', async () => {
    assert.deepEqual(
      (await run('class P { constructor() { this.x = 1 } get y() { return 2 } }; new P()')).value,
      { x: 1 },
    );
  });

  for (const [name, code] of [
    ['a function', '() => 1'],
    ['a function inside an object', '({ f() {} })'],
    ['a symbol', 'Symbol("s")'],
    ['a WeakMap', 'new WeakMap()'],
  ] as const) {
    test(`${name} is a clear DataCloneError`, async () => {
      await assert.rejects(run(code), { name: 'JavaScriptError', message: /^DataCloneError: / });
    });
  }

  test('a value larger than a protocol frame is a clear error, not a hang', async () => {
    const code = `"x".repeat(${MAX_FRAME_BYTES + 10})`;
    await assert.rejects(run(code, { memoryLimit: '512mb', timeoutMs: 20_000 }), {
      name: 'JavaScriptError',
      message: /^RangeError: the result is \d+ bytes encoded, more than the \d+-byte limit/,
    });
  });

  test('a large value under the limit arrives whole', async () => {
    const { value } = await run('"y".repeat(4 * 1024 * 1024)', { memoryLimit: '256mb' });
    assert.equal((value as string).length, 4 * 1024 * 1024);
  });
});

describe('values into the guest (setVariable)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.create();
  });
  after(async () => {
    await sandbox.dispose();
  });

  const inputs: [string, unknown, string, unknown][] = [
    ['JSON', { a: [1, 'two'], b: null }, 'JSON.stringify(v)', '{"a":[1,"two"],"b":null}'],
    ['undefined', undefined, 'typeof v', 'undefined'],
    ['NaN and -0', [NaN, -0], 'Number.isNaN(v[0]) && Object.is(v[1], -0)', true],
    ['BigInt', 2n ** 64n, 'v + 1n', 2n ** 64n + 1n],
    ['Date', new Date(0), 'v.toISOString()', '1970-01-01T00:00:00.000Z'],
    ['Map and Set', [new Map([['k', 1]]), new Set([2])], 'v[0].get("k") + [...v[1]][0]', 3],
    ['Uint8Array', new Uint8Array([5, 6]), 'v[0] + v[1]', 11],
  ];
  for (const [name, value, probe, expected] of inputs) {
    test(`${name} arrives faithfully`, async () => {
      await sandbox.setVariable('v', value);
      assert.deepStrictEqual((await sandbox.eval(probe)).value, expected);
    });
  }

  test('a circular value arrives circular', async () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    await sandbox.setVariable('v', a);
    assert.equal((await sandbox.eval('v.self === v && v.self.n')).value, 1);
  });

  test('symbols are refused with ArgumentError', async () => {
    await assert.rejects(sandbox.setVariable('v', Symbol('s')), {
      name: 'ArgumentError',
      code: 'INVALID_ARGUMENT',
    });
  });
});
