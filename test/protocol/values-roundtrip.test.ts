import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { encodeValue } from '../../src/protocol/values.js';
import { decodeJson, rt, wire } from './values-helpers.js';

describe('plain JSON encodes to itself', () => {
  const samples: unknown[] = [
    null,
    true,
    false,
    0,
    1,
    -1.5,
    1e308,
    Number.MAX_SAFE_INTEGER,
    '',
    'héllo \u{1F600} \ud800 "q" \\',
    [],
    {},
    [1, 'a', null, [true, { b: [] }]],
    { a: 1, b: { c: [1, 2, { d: 'e' }] }, 10: 'ten', 'x y': null },
    JSON.parse('{"__proto__":{"a":1},"constructor":{"prototype":{}}}'),
  ];
  for (const x of samples) {
    test(`${JSON.stringify(x)}`, () => {
      assert.deepEqual(encodeValue(x), x);
      assert.equal(wire(x), JSON.stringify(x));
      assert.deepEqual(rt(x), x);
    });
  }

  test('class instances encode as plain objects of their own enumerable string keys', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
      get len() {
        return 5;
      }
    }
    const p = new Point(3, 4);
    Object.defineProperty(p, 'hidden', { value: 1, enumerable: false });
    (p as unknown as Record<symbol, number>)[Symbol('s')] = 2;
    assert.deepEqual(encodeValue(p), { x: 3, y: 4 });
    const back = rt(p);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.deepEqual(back, { x: 3, y: 4 });
  });

  test('Object.create(null) and symbol-keyed properties', () => {
    const o = Object.assign(Object.create(null) as object, { a: 1, [Symbol('k')]: 2 });
    assert.deepEqual(rt(o), { a: 1 });
  });

  test('tree-shaped values carry no ids', () => {
    assert.doesNotMatch(
      wire({ a: new Map([[1, [new Date(0)]]]), b: [new Set([1]), { c: 1 }] }),
      /"id"|"ref"/,
    );
  });

  test('user objects with a "$t" key are escaped and survive', () => {
    const x = { $t: 'Date', v: 0, nested: [{ $t: 'ref', id: 1 }], m: new Map([['$t', 1]]) };
    const enc = encodeValue(x) as Record<string, unknown>;
    assert.equal(enc.$t, 'object');
    assert.deepEqual(rt(x), x);
    assert.deepEqual(rt({ $t: undefined }), { $t: undefined });
  });
});

describe('round trips', () => {
  test('undefined at top level, nested, and array holes', () => {
    assert.equal(rt(undefined), undefined);
    const back = rt({ a: undefined, b: [undefined, 1] }) as { a: unknown; b: unknown[] };
    assert.ok(Object.hasOwn(back, 'a'));
    assert.deepEqual(back, { a: undefined, b: [undefined, 1] });
    // eslint-disable-next-line no-sparse-arrays
    const holey = rt([1, , 3]) as unknown[];
    assert.equal(holey.length, 3);
    assert.ok(Object.hasOwn(holey, 1), 'holes come back as undefined, not holes');
  });

  test('special numbers', () => {
    for (const n of [NaN, Infinity, -Infinity, -0]) {
      assert.ok(Object.is(rt(n), n), String(n));
      assert.ok(Object.is((rt([n]) as unknown[])[0], n));
    }
    assert.ok(Object.is(rt(0), 0));
    assert.deepEqual(encodeValue(-0), { $t: 'number', v: '-0' });
  });

  test('BigInt', () => {
    for (const b of [0n, 1n, -1n, 2n ** 64n, -(10n ** 50n) - 7n]) assert.equal(rt(b), b);
    assert.deepEqual(encodeValue(-12n), { $t: 'bigint', v: '-12' });
  });

  test('Date, including invalid and pre-epoch', () => {
    for (const d of [
      new Date(0),
      new Date('2024-02-29T12:34:56.789Z'),
      new Date(-8.64e15),
      new Date(8.64e15),
    ]) {
      const back = rt(d);
      assert.ok(back instanceof Date);
      assert.equal(back.getTime(), d.getTime());
    }
    const invalid = rt(new Date(NaN));
    assert.ok(invalid instanceof Date && Number.isNaN(invalid.getTime()));
  });

  test('RegExp keeps source and flags (not lastIndex)', () => {
    for (const r of [
      /a+b/g,
      /\/path\/[^/]+$/imsu,
      new RegExp('', 'y'),
      new RegExp('(?<year>\\d{4})[\\p{L}--[a-z]]', 'dv'),
    ]) {
      const back = rt(r);
      assert.ok(back instanceof RegExp);
      assert.equal(back.source, r.source);
      assert.equal(back.flags, r.flags);
    }
    const r = /x/g;
    r.lastIndex = 3;
    assert.equal((rt(r) as RegExp).lastIndex, 0);
  });

  test('Map and Set with mixed keys, in insertion order', () => {
    const key = { k: 1 };
    const m = new Map<unknown, unknown>([
      [1, 'one'],
      ['1', 'string one'],
      [key, [1n]],
      [NaN, -0],
      [undefined, null],
    ]);
    const back = rt(m) as Map<unknown, unknown>;
    assert.ok(back instanceof Map);
    assert.deepEqual([...back.keys()], [...m.keys()]);
    assert.deepEqual(back, m);
    assert.ok(Object.is(back.get(NaN), -0));
    const s = new Set<unknown>([1, 'a', { b: 2 }, undefined, 3n]);
    const sBack = rt(s);
    assert.ok(sBack instanceof Set);
    assert.deepEqual(sBack, s);
  });

  test('ArrayBuffer, every typed array kind, DataView', () => {
    const ab = new Uint8Array([0, 1, 2, 253, 254, 255]).buffer;
    const abBack = rt(ab);
    assert.ok(abBack instanceof ArrayBuffer);
    assert.deepEqual(new Uint8Array(abBack), new Uint8Array(ab));
    assert.equal((rt(new ArrayBuffer(0)) as ArrayBuffer).byteLength, 0);
    const kinds = [
      Int8Array,
      Uint8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
      Float64Array,
    ] as const;
    for (const C of kinds) {
      for (const len of [0, 1, 2, 3, 7]) {
        const ta = new C(len);
        for (let i = 0; i < len; i++)
          ta[i] = (i * 37 - 50) * (C === Float32Array || C === Float64Array ? 1.5 : 1);
        const back = rt(ta);
        assert.ok(back instanceof C, C.name);
        assert.deepEqual(back, ta);
      }
    }
    for (const C of [BigInt64Array, BigUint64Array] as const) {
      const ta = new C([0n, 1n, 2n ** 63n - 1n, 5n]);
      assert.deepEqual(rt(ta), ta);
    }
    assert.ok(Object.is((rt(new Float64Array([NaN, -0])) as Float64Array)[1], -0));
  });

  test('views copy only their bytes', () => {
    const buf = new Uint8Array([9, 9, 1, 0, 2, 0, 9, 9]).buffer;
    const view = new Uint16Array(buf, 2, 2);
    const back = rt(view) as Uint16Array;
    assert.deepEqual([...back], [...view]);
    assert.equal(back.byteOffset, 0);
    assert.equal(back.buffer.byteLength, 4);
    const dv = new DataView(buf, 1, 3);
    const dvBack = rt(dv);
    assert.ok(dvBack instanceof DataView);
    assert.deepEqual(new Uint8Array(dvBack.buffer), new Uint8Array([9, 1, 0]));
  });

  test('Errors: known classes come back as that class', () => {
    for (const C of [
      Error,
      EvalError,
      RangeError,
      ReferenceError,
      SyntaxError,
      TypeError,
      URIError,
    ]) {
      const e = new C('msg');
      const back = rt(e) as Error;
      assert.equal(Object.getPrototypeOf(back), C.prototype, C.name);
      assert.equal(back.name, C.name);
      assert.equal(back.message, 'msg');
      assert.equal(back.stack, e.stack);
      assert.ok(!Object.hasOwn(back, 'name'));
    }
  });

  test('Errors: unknown names become Error with .name, cause survives, missing stack stays missing', () => {
    class HttpError extends Error {
      override name = 'HttpError';
      status = 404;
    }
    const e = new HttpError('not found', { cause: new RangeError('inner') });
    const back = rt(e) as Error;
    assert.equal(Object.getPrototypeOf(back), Error.prototype);
    assert.equal(back.name, 'HttpError');
    assert.equal(back.message, 'not found');
    assert.equal(String(back), 'HttpError: not found');
    assert.ok(back.cause instanceof RangeError);
    assert.equal(back.cause.message, 'inner');
    assert.equal(
      (back as unknown as Record<string, unknown>).status,
      undefined,
      'only name/message/stack/cause',
    );
    const noStack = decodeJson('{"$t":"Error","name":"Error","message":"m"}') as Error;
    assert.equal(noStack.stack, undefined);
    const weird = new Error('x');
    Object.defineProperty(weird, 'name', { value: 42 });
    assert.equal((rt(weird) as Error).name, 'Error');
  });

  test('boxed primitives become primitives', () => {
    assert.deepEqual(rt([Object(1), Object('s'), Object(true), Object(5n), Object(NaN)]), [
      1,
      's',
      true,
      5n,
      NaN,
    ]);
  });

  test('getters are invoked; a throwing getter propagates its own error', () => {
    let calls = 0;
    assert.deepEqual(
      rt({
        get a() {
          calls++;
          return [1];
        },
      }),
      { a: [1] },
    );
    assert.equal(calls, 1);
    const boom = new Error('getter boom');
    assert.throws(
      () =>
        encodeValue({
          ok: 1,
          get bad() {
            throw boom;
          },
        }),
      (e) => e === boom,
    );
  });

  test('a mixed value deep-equals after the trip', () => {
    const x = {
      list: [1, 'two', null, undefined, { d: new Date(5) }],
      m: new Map([['s', new Set([1n])]]),
      r: /z/i,
      bytes: new Uint8Array([1, 2]),
      n: [NaN, -0, Infinity],
      e: new TypeError('t'),
      deep: { a: { b: { c: [[]] } } },
    };
    assert.deepEqual(rt(x), x);
  });
});

describe('shared references and cycles', () => {
  test('the same object reachable twice decodes to the same object', () => {
    const shared = { s: 1 };
    const d = new Date(1);
    const back = rt({ a: shared, b: [shared, d], c: d, m: new Map([[shared, shared]]) }) as {
      a: object;
      b: [object, Date];
      c: Date;
      m: Map<object, object>;
    };
    assert.equal(back.a, back.b[0]);
    assert.equal(back.b[1], back.c);
    const [k, v] = [...back.m][0]!;
    assert.equal(k, back.a);
    assert.equal(v, back.a);
  });

  test('shared typed arrays, arrays, maps, sets and errors keep identity', () => {
    const items = [
      new Uint8Array([1]),
      [1],
      new Map(),
      new Set(),
      new Error('e'),
      /r/,
      new ArrayBuffer(2),
      { $t: 'x' },
    ];
    for (const item of items) {
      const back = rt([item, { again: item }]) as [unknown, { again: unknown }];
      assert.equal(back[0], back[1].again, Object.prototype.toString.call(item));
      assert.deepEqual(back[0], item);
    }
  });

  test('cycles reconstruct', () => {
    const o: Record<string, unknown> = { name: 'root' };
    o.self = o;
    o.list = [o, { parent: o }];
    const back = rt(o) as typeof o & { list: [unknown, { parent: unknown }] };
    assert.equal(back.self, back);
    assert.equal(back.list[0], back);
    assert.equal(back.list[1].parent, back);

    const arr: unknown[] = [1];
    arr.push(arr);
    const arrBack = rt(arr) as unknown[];
    assert.equal(arrBack[1], arrBack);

    const m = new Map<unknown, unknown>();
    m.set(m, m);
    const mBack = rt(m) as Map<unknown, unknown>;
    assert.equal(mBack.get(mBack), mBack);

    const s = new Set<unknown>();
    s.add(s);
    const sBack = rt(s) as Set<unknown>;
    assert.ok(sBack.has(sBack));

    const e = new Error('loop') as Error & { cause?: unknown };
    e.cause = e;
    const eBack = rt(e) as Error;
    assert.equal(eBack.cause, eBack);

    const escaped: Record<string, unknown> = { $t: 1 };
    escaped.me = escaped;
    const escBack = rt(escaped) as Record<string, unknown>;
    assert.equal(escBack.me, escBack);
    assert.equal(escBack.$t, 1);
  });

  test('node-style deepEqual of a cyclic structure', () => {
    const a: Record<string, unknown> = { x: [1, 2] };
    a.b = { a, x: a.x };
    assert.deepEqual(rt(a), a);
  });
});
