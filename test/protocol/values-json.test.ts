import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DEPTH } from '../../src/protocol/values.js';
import { MAX_JSON_BYTES, toJSONValue } from '../../src/protocol/values-json.js';
import { decodeJson, nest, rt } from './values-helpers.js';

describe('toJSONValue', () => {
  const cases: [string, unknown, unknown][] = [
    [
      'plain JSON unchanged',
      { a: [1, 'x', null, true, { b: {} }] },
      { a: [1, 'x', null, true, { b: {} }] },
    ],
    ['undefined at top level', undefined, null],
    [
      'undefined in objects is omitted, in arrays null',
      { a: undefined, b: [undefined, 1] },
      { b: [null, 1] },
    ],
    ['array holes', [1, , 3], [1, null, 3]], // eslint-disable-line no-sparse-arrays
    ['NaN / Infinity', [NaN, Infinity, -Infinity], [null, null, null]],
    [
      'BigInt',
      [5n, -(2n ** 53n - 1n), 2n ** 53n, -(10n ** 30n)],
      [5, -9007199254740991, '9007199254740992', '-1000000000000000000000000000000'],
    ],
    [
      'Date',
      [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), new Date(NaN)],
      ['2024-01-02T03:04:05.006Z', null],
    ],
    ['RegExp', [/a\/b/gi, new RegExp('')], ['/a\\/b/gi', '/(?:)/']],
    [
      'Map with string keys -> object',
      new Map<string, unknown>([
        ['a', 1],
        ['b', new Set([2])],
        ['u', undefined],
      ]),
      { a: 1, b: [2] },
    ],
    ['empty Map -> object', new Map(), {}],
    [
      'Map with other keys -> pairs',
      new Map<unknown, unknown>([
        [1, 'a'],
        ['s', undefined],
        [{ k: 1 }, [2]],
      ]),
      [
        [1, 'a'],
        ['s', null],
        [{ k: 1 }, [2]],
      ],
    ],
    ['Set -> array', new Set([1, 'a', undefined]), [1, 'a', null]],
    [
      'typed arrays -> numbers',
      [
        new Uint8Array([1, 255]),
        new Int16Array([-2]),
        new Float32Array([0.5, NaN]),
        new BigInt64Array([1n, -(2n ** 63n)]),
      ],
      [[1, 255], [-2], [0.5, null], [1, '-9223372036854775808']],
    ],
    [
      'ArrayBuffer / DataView -> bytes',
      [new Uint8Array([7, 8]).buffer, new DataView(new Uint8Array([1, 2, 3]).buffer, 1)],
      [
        [7, 8],
        [2, 3],
      ],
    ],
    ['boxed primitives', [Object(1), Object('s'), Object(false), Object(2n)], [1, 's', false, 2]],
    [
      'functions and symbols like JSON.stringify',
      { f: () => 0, s: Symbol('x'), a: [() => 0] },
      { a: [null] },
    ],
    [
      'class instance',
      new (class {
        x = 1;
        get y() {
          return 2;
        }
      })(),
      { x: 1 },
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => {
      const out = toJSONValue(input);
      assert.deepEqual(out, expected);
      assert.deepEqual(JSON.parse(JSON.stringify(out)), out, 'is plain JSON');
    });
  }

  test('-0 -> 0', () => {
    assert.ok(Object.is(toJSONValue(-0), 0));
    assert.ok(Object.is((toJSONValue([-0]) as number[])[0], 0));
  });

  test('Error -> {name, message, stack}', () => {
    const e = new TypeError('bad', { cause: new Error('inner') });
    const out = toJSONValue(e) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['name', 'message', 'stack', 'cause']);
    assert.equal(out.name, 'TypeError');
    assert.equal(out.message, 'bad');
    assert.equal(out.stack, e.stack);
    assert.equal((out.cause as Record<string, unknown>).message, 'inner');
    const decoded = toJSONValue(decodeJson('{"$t":"Error","name":"Custom","message":"m"}'));
    assert.deepEqual(decoded, { name: 'Custom', message: 'm' });
  });

  test('a cycle becomes "[Circular]"; shared non-cyclic references are repeated', () => {
    const shared = { s: 1 };
    const o: Record<string, unknown> = { a: shared, b: [shared] };
    o.self = o;
    o.m = new Map([['back', o]]);
    assert.deepEqual(toJSONValue(rt(o)), {
      a: { s: 1 },
      b: [{ s: 1 }],
      self: '[Circular]',
      m: { back: '[Circular]' },
    });
    const e = new Error('x') as Error & { cause?: unknown };
    e.cause = e;
    assert.equal((toJSONValue(e) as Record<string, unknown>).cause, '[Circular]');
  });

  test('keys such as __proto__ stay own properties', () => {
    const out = toJSONValue(
      decodeJson('{"$t":"Map","v":[["__proto__",{"__proto__":{"x":1}}]]}'),
    ) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.ok(Object.hasOwn(out, '__proto__'));
    assert.equal(JSON.stringify(out), '{"__proto__":{"__proto__":{"x":1}}}');
  });

  test('anything decodeValue accepts projects; deeper input throws RangeError instead of overflowing', () => {
    const deepest = decodeJson(
      '['.repeat(MAX_DEPTH) + '{"$t":"bigint","v":"1"}' + ']'.repeat(MAX_DEPTH),
    );
    assert.equal(
      JSON.stringify(toJSONValue(deepest)),
      '['.repeat(MAX_DEPTH) + '1' + ']'.repeat(MAX_DEPTH),
    );
    assert.throws(
      () => toJSONValue(nest(100_000)),
      (e) =>
        e instanceof RangeError && e.message === 'the result nests deeper than 1000 levels as JSON',
    );
  });

  test('toJSONValue(decode(encode(x))) equals toJSONValue(x)', () => {
    const x = {
      d: new Date(0),
      m: new Map<unknown, unknown>([[1, 2]]),
      b: 2n ** 70n,
      t: new Uint16Array([1, 2]),
      e: new RangeError('r'),
    };
    assert.deepEqual(toJSONValue(rt(x)), toJSONValue(x));
  });

  describe('the byte budget', () => {
    const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(toJSONValue(x)));
    const overBudget = (n: number) => (e: unknown) =>
      e instanceof RangeError && e.message === `the result takes more than ${n} bytes as JSON`;

    const samples: [string, unknown][] = [
      [
        'a string of every escape class',
        'a"b\\c\u0000\u0008\t\n\u000c\r\u001f\u007f\u0080\u07ff\u0800\u2028\uffff',
      ],
      [
        'astral characters and lone surrogates',
        ['\ud83d\ude00', '\ud800', 'x\udc00y', '\udc00\ud800'],
      ],
      [
        'numbers',
        [0, -0, 1.5, -1e-7, 1e21, 123456789, NaN, Infinity, 2n ** 64n, -5n, Number.MIN_VALUE],
      ],
      [
        'objects with omitted and odd keys',
        { a: undefined, ['__proto__']: 1, '': [undefined], 'k"\\': null },
      ],
      [
        'Map, Set, Date, RegExp',
        [
          new Map([['a', 1]]),
          new Map<unknown, unknown>([
            [1, 'x'],
            [{}, []],
          ]),
          new Set([1, 'a']),
          new Date(0),
          new Date(NaN),
          /a"\\/gu,
        ],
      ],
      ['errors with a cause', Object.assign(new TypeError('t\n'), { cause: new Error('c') })],
      [
        'binary',
        [
          new Uint8Array([0, 255]),
          new Float64Array([0.1, NaN]),
          new BigInt64Array([-1n]),
          new DataView(new ArrayBuffer(3)),
        ],
      ],
      [
        'a cycle',
        (() => {
          const o: Record<string, unknown> = { x: 1 };
          o.self = [o];
          return o;
        })(),
      ],
      ['empty containers', [[], {}, new Map(), new Set(), '']],
      ['booleans and null', [true, false, null, undefined]],
    ];
    for (const [what, x] of samples) {
      test(`is counted exactly: ${what}`, () => {
        const n = bytes(x);
        assert.deepEqual(toJSONValue(x, n), toJSONValue(x));
        assert.throws(() => toJSONValue(x, n - 1), overBudget(n - 1));
      });
    }

    test('a shared string counts once per reference: 100 references to 8 MiB are refused', () => {
      const s = 'x'.repeat(8 * 1024 * 1024);
      assert.equal(MAX_JSON_BYTES, 32 * 1024 * 1024 - 1024);
      assert.throws(() => toJSONValue(Array(100).fill([s])), overBudget(MAX_JSON_BYTES));
      assert.throws(() => toJSONValue(Array(4).fill(s)), overBudget(MAX_JSON_BYTES));
      assert.equal((toJSONValue(Array(3).fill(s)) as string[]).length, 3);
    });
  });

  test('lone surrogates become U+FFFD in strings and keys; pairs stay', () => {
    assert.deepEqual(toJSONValue({ '\ud800k': ['\udc00', '\ud83d\ude00', '\ude00\ud83d'] }), {
      '\ufffdk': ['\ufffd', '\ud83d\ude00', '\ufffd\ufffd'],
    });
    const error = new Error('m\ud800');
    error.stack = 'Error: m\udc00\n    at x';
    assert.equal(
      JSON.stringify(toJSONValue(error)),
      '{"name":"Error","message":"m\ufffd","stack":"Error: m\ufffd\\n    at x"}',
    );
  });

  test('a Map with non-string keys nests a level for its pairs: 500 such Maps fit, 501 do not', () => {
    const chain = (n: number) => {
      let m: unknown = 1;
      for (let i = 0; i < n; i++) m = new Map([[0, m]]);
      return m;
    };
    const text = JSON.stringify(toJSONValue(chain(500)));
    assert.equal(text, '[[0,'.repeat(500) + '1' + ']]'.repeat(500));
    assert.throws(
      () => toJSONValue(chain(501)),
      (e) =>
        e instanceof RangeError && e.message === 'the result nests deeper than 1000 levels as JSON',
    );
  });
});
