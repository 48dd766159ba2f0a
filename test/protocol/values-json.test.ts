import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DEPTH } from '../../src/protocol/values.js';
import { toJSONValue } from '../../src/protocol/values-json.js';
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
      (e) => e instanceof RangeError && /nesting deeper than 1000/.test(e.message),
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
});
