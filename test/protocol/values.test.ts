import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  decodeValue,
  encodeValue,
  MAX_DEPTH,
  ValueDecodeError,
  ValueEncodeError,
} from '../../src/protocol/values.js';
import { toJSONValue } from '../../src/protocol/values-json.js';

/** The real wire trip: encode, stringify, parse, decode. */
const wire = (x: unknown): string => JSON.stringify(encodeValue(x));
const rt = (x: unknown): unknown => decodeValue(JSON.parse(wire(x)));
const decodeJson = (json: string): unknown => decodeValue(JSON.parse(json));
const isEncodeError = (message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ValueEncodeError, `expected ValueEncodeError, got ${String(e)}`);
  assert.equal(e.name, 'DataCloneError');
  if (message) assert.match(e.message, message);
  return true;
};
const isDecodeError = (message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ValueDecodeError, `expected ValueDecodeError, got ${String(e)}`);
  assert.equal(e.name, 'ValueDecodeError');
  if (message) assert.match(e.message, message);
  return true;
};
/** Nested arrays `depth` levels deep, built without recursion. */
function nest(depth: number): unknown[] {
  const root: unknown[] = [];
  let cur = root;
  for (let i = 1; i < depth; i++) cur.push((cur = []));
  return root;
}

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

describe('encode errors', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['function at top level', () => () => 1, /^function at value could not be cloned$/],
    [
      'nested function',
      () => ({ a: { b: function f() {} } }),
      /^function at value\.a\.b could not be cloned$/,
    ],
    [
      'symbol',
      () => ({ list: [1, 2, Symbol('s')] }),
      /^symbol at value\.list\[2\] could not be cloned$/,
    ],
    [
      'odd key',
      () => ({ 'a b': [{ c: () => 0 }] }),
      /^function at value\["a b"\]\[0\]\.c could not be cloned$/,
    ],
    [
      'Map value',
      () => new Map([['k', () => 0]]),
      /^function at value\.get\("k"\) could not be cloned$/,
    ],
    [
      'Map key',
      () => new Map([[Symbol(), 1]]),
      /^symbol at value\.keys\(\)\[0\] could not be cloned$/,
    ],
    [
      'Set item',
      () => new Set([1, Math.max]),
      /^function at value\.values\(\)\[1\] could not be cloned$/,
    ],
    [
      'Error cause',
      () => new Error('x', { cause: Symbol() }),
      /^symbol at value\.cause could not be cloned$/,
    ],
    ['WeakMap', () => ({ w: new WeakMap() }), /^WeakMap at value\.w could not be cloned$/],
    ['WeakSet', () => new WeakSet(), /^WeakSet at value could not be cloned$/],
    ['WeakRef', () => new WeakRef({}), /^WeakRef at value could not be cloned$/],
    ['Promise', () => [Promise.resolve(1)], /^Promise at value\[0\] could not be cloned$/],
    [
      'Promise subclass',
      () =>
        new (class P extends Promise<void> {
          get [Symbol.toStringTag]() {
            return 'P';
          }
        })(() => {}),
      /^Promise /,
    ],
    ['SharedArrayBuffer', () => new SharedArrayBuffer(4), /^SharedArrayBuffer /],
    ['boxed Symbol', () => Object(Symbol('s')), /^Symbol at value could not be cloned$/],
    ['generator', () => (function* g() {})(), /^Generator /],
    ['Map iterator', () => new Map().keys(), /^Map Iterator /],
    ['too deep', () => nest(MAX_DEPTH + 1), /^nesting deeper than 1000 at value\[0\]/],
  ];
  for (const [name, make, message] of cases) {
    test(name, () => assert.throws(() => encodeValue(make()), isEncodeError(message)));
  }

  test('error carries the path and prints as DataCloneError', () => {
    try {
      encodeValue({ a: { b: () => 0 } });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof ValueEncodeError && e instanceof Error);
      assert.equal(e.path, 'value.a.b');
      assert.equal(String(e), 'DataCloneError: function at value.a.b could not be cloned');
      assert.deepEqual(Object.keys(e), ['path']);
    }
  });

  test('MAX_DEPTH levels are fine, one more is not, 100000 does not overflow the stack', () => {
    assert.equal(MAX_DEPTH, 1000);
    const ok = nest(MAX_DEPTH);
    assert.deepEqual(rt(ok), ok);
    const objs: Record<string, unknown> = {};
    let cur = objs;
    for (let i = 1; i < MAX_DEPTH; i++) cur = cur.a = {};
    cur.leaf = [new Date(0)]; // level 1001
    assert.throws(() => encodeValue(objs), isEncodeError(/nesting deeper than 1000/));
    assert.throws(() => encodeValue(nest(100_000)), isEncodeError(/nesting deeper than 1000/));
  });
});

describe('decode: hostile input', () => {
  test('__proto__ / constructor keys become own data properties and pollute nothing', () => {
    const inputs = [
      '{"__proto__":{"polluted":1}}',
      '{"a":[{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}]}',
      '{"$t":"object","v":{"__proto__":{"polluted":1},"$t":"x"}}',
      '{"$t":"Map","v":[["__proto__",{"__proto__":{"polluted":1}}]]}',
      '{"$t":"Error","name":"__proto__","message":"m"}',
    ];
    for (const json of inputs) {
      const back = decodeJson(json);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, json);
      assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
      assert.notEqual(Object.getPrototypeOf(back), null);
    }
    const o = decodeJson('{"__proto__":{"polluted":1},"x":1}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(o), Object.prototype);
    assert.ok(Object.hasOwn(o, '__proto__'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(o, '__proto__')?.value, { polluted: 1 });
    assert.equal(o.polluted, undefined);
    const w = decodeJson('{"$t":"object","v":{"__proto__":[]}}') as object;
    assert.equal(Object.getPrototypeOf(w), Object.prototype);
    assert.ok(!Array.isArray(w));
    const e = decodeJson('{"$t":"Error","name":"__proto__","message":"m"}') as Error;
    assert.equal(Object.getPrototypeOf(e), Error.prototype);
    assert.equal(e.name, '__proto__');
    // and it re-encodes to the same wire form
    assert.equal(wire(o), '{"__proto__":{"polluted":1},"x":1}');
  });

  const malformed: [string, string, RegExp?][] = [
    ['unknown tag', '{"$t":"Function","v":"return 1"}', /unknown tag "Function"/],
    ['tag named like an Object.prototype key', '{"$t":"constructor"}', /unknown tag/],
    ['tag named __proto__', '{"$t":"__proto__"}', /unknown tag/],
    ['non-string tag', '{"$t":1}', /unknown tag/],
    ['null tag', '{"$t":null}', /unknown tag/],
    ['extra key', '{"$t":"undefined","x":1}', /unexpected key "x"/],
    ['id on a primitive tag', '{"$t":"bigint","v":"1","id":1}', /unexpected key "id"/],
    ['missing field', '{"$t":"Map"}', /missing v/],
    ['number: bad v', '{"$t":"number","v":"1e999"}'],
    ['number: numeric v', '{"$t":"number","v":5}'],
    ['bigint: fraction', '{"$t":"bigint","v":"1.5"}'],
    ['bigint: hex', '{"$t":"bigint","v":"0x10"}'],
    ['bigint: whitespace', '{"$t":"bigint","v":" 1"}'],
    ['bigint: empty', '{"$t":"bigint","v":""}'],
    ['bigint: number', '{"$t":"bigint","v":1}'],
    ['Date: string', '{"$t":"Date","v":"2020-01-01"}'],
    ['Date: fractional', '{"$t":"Date","v":1.5}'],
    ['Date: out of range', '{"$t":"Date","v":8640000000000001}'],
    ['RegExp: bad flags', '{"$t":"RegExp","source":"a","flags":"gx"}', /flags/],
    ['RegExp: repeated flags', '{"$t":"RegExp","source":"a","flags":"gg"}', /invalid RegExp/],
    ['RegExp: bad source', '{"$t":"RegExp","source":"(","flags":""}', /invalid RegExp/],
    ['RegExp: non-string source', '{"$t":"RegExp","source":1,"flags":""}'],
    ['Error: non-string name', '{"$t":"Error","name":{},"message":""}'],
    ['Error: non-string stack', '{"$t":"Error","name":"Error","message":"","stack":1}'],
    ['Map: entries not pairs', '{"$t":"Map","v":[[1]]}', /\[key, value\]/],
    ['Map: entry not an array', '{"$t":"Map","v":[1]}'],
    ['Map: v not an array', '{"$t":"Map","v":{}}'],
    ['Set: v not an array', '{"$t":"Set","v":"abc"}'],
    ['object: v is an array', '{"$t":"object","v":[]}'],
    ['array: v is an object', '{"$t":"array","v":{}}'],
    ['base64: bad character', '{"$t":"Uint8Array","b":"AA!A"}', /base64/],
    ['base64: bad length', '{"$t":"ArrayBuffer","b":"AAA"}', /base64/],
    ['base64: padding in the middle', '{"$t":"ArrayBuffer","b":"AA==AAAA"}', /base64/],
    ['base64: too much padding', '{"$t":"ArrayBuffer","b":"A==="}', /base64/],
    ['base64: non-ASCII', '{"$t":"ArrayBuffer","b":"AAA\u00e9"}', /base64/],
    ['base64: not a string', '{"$t":"DataView","b":[1,2]}'],
    ['typed array: ragged length', '{"$t":"Uint32Array","b":"AAAAAAA="}', /multiple of 4/],
    ['ref to nonexistent id', '[{"$t":"ref","id":7}]', /unknown id 7/],
    ['forward ref', '[{"$t":"ref","id":1},{"$t":"array","id":1,"v":[]}]', /unknown id 1/],
    ['ref with a non-number id', '{"$t":"ref","id":"1"}', /unknown id/],
    ['duplicate id', '[{"$t":"array","id":1,"v":[]},{"$t":"Set","id":1,"v":[]}]', /duplicate id 1/],
    ['id not an integer', '{"$t":"array","id":1.5,"v":[]}', /positive integer/],
    ['id zero', '{"$t":"array","id":0,"v":[]}', /positive integer/],
    ['id as string', '{"$t":"Set","id":"1","v":[]}', /positive integer/],
  ];
  for (const [name, json, message] of malformed) {
    test(name, () => assert.throws(() => decodeJson(json), isDecodeError(message)));
  }

  test('non-JSON inputs are rejected', () => {
    for (const x of [
      undefined,
      () => 1,
      1n,
      Symbol('s'),
      new Date(),
      new Map(),
      [undefined],
      { a: new Uint8Array(1) },
    ]) {
      assert.throws(() => decodeValue(x), isDecodeError(), String(x));
    }
  });

  test('-0 as a bare JSON number is tolerated', () => {
    assert.ok(Object.is(decodeJson('-0'), -0));
  });

  test(
    '100000 levels of nesting (as JSON text) throw ValueDecodeError, not RangeError',
    { timeout: 20_000 },
    () => {
      const n = 100_000;
      const shapes: [string, string, string][] = [
        ['[', '', ']'],
        ['{"a":', '1', '}'],
        ['{"$t":"array","v":[', '', ']}'],
        ['{"$t":"object","v":{"k":', 'null', '}}'],
        ['{"$t":"Set","v":[', '', ']}'],
        ['{"$t":"Map","v":[[1,', '2', ']]}'],
        ['{"$t":"Error","name":"E","message":"","cause":', 'null', '}'],
        ['[{"a":{"$t":"Map","v":[[{"$t":"Set","v":[', '', ']},1]]}}]'],
      ];
      for (const [open, leaf, close] of shapes) {
        const json = open.repeat(n) + leaf + close.repeat(n);
        assert.throws(() => decodeJson(json), isDecodeError(/nesting deeper than 1000/), open);
      }
    },
  );

  test('decode depth limit matches encode: MAX_DEPTH levels decode, MAX_DEPTH + 1 do not', () => {
    const json = (n: number) => '['.repeat(n) + ']'.repeat(n);
    assert.equal(JSON.stringify(decodeJson(json(MAX_DEPTH))), json(MAX_DEPTH));
    assert.throws(() => decodeJson(json(MAX_DEPTH + 1)), isDecodeError(/nesting deeper than 1000/));
    const inner = '{"$t":"Date","v":0}';
    assert.doesNotThrow(() =>
      decodeJson('['.repeat(MAX_DEPTH - 1) + inner + ']'.repeat(MAX_DEPTH - 1)),
    );
    assert.throws(
      () => decodeJson('['.repeat(MAX_DEPTH) + inner + ']'.repeat(MAX_DEPTH)),
      isDecodeError(),
    );
    // a non-container tag does not count as a level
    assert.doesNotThrow(() =>
      decodeJson('['.repeat(MAX_DEPTH) + '{"$t":"undefined"}' + ']'.repeat(MAX_DEPTH)),
    );
  });

  test(
    'a hostile DAG decodes quickly and toJSONValue refuses to expand it exponentially',
    { timeout: 10_000 },
    () => {
      // level i = [ref(i-1), ref(i-1)]: 2^200 leaves if expanded
      const parts = ['{"$t":"array","id":1,"v":[]}'];
      for (let i = 2; i <= 200; i++)
        parts.push(
          `{"$t":"array","id":${i},"v":[{"$t":"ref","id":${i - 1}},{"$t":"ref","id":${i - 1}}]}`,
        );
      const value = decodeJson(`[${parts.join(',')}]`) as unknown[][];
      assert.equal(value[199]![0], value[198]);
      assert.throws(
        () => toJSONValue(value),
        (e) => e instanceof RangeError && /shared references/.test(e.message),
      );
    },
  );
});

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

describe('under Bun', () => {
  const bun = resolve(import.meta.dirname, '../../node_modules/bun/bin/bun.exe');
  const moduleUrl = pathToFileURL(
    resolve(import.meta.dirname, '../../src/protocol/values.ts'),
  ).href;
  const jsonModuleUrl = pathToFileURL(
    resolve(import.meta.dirname, '../../src/protocol/values-json.ts'),
  ).href;
  // Built identically on both sides, so each runtime's encoding can be compared with the other's value.
  const SAMPLE = `(() => {
    const shared = { s: [1, 2] };
    const o = { n: [1, -0, NaN, Infinity, -Infinity], big: [2n ** 80n, -3n], u: undefined, str: 'h\\u00e9 \\ud83d\\ude00',
      d: new Date(86400000), bad: new Date(NaN), r: /a\\/b/gimsuy, m: new Map([[shared, new Set(['x'])], ['k', shared]]),
      ab: new Uint8Array([1, 2, 3]).buffer, f64: new Float64Array([1.5, -0]), b64: new BigInt64Array([-1n]),
      dv: new DataView(new Uint8Array([5, 6, 7]).buffer), e: new RangeError('r'), ce: new Error('custom'),
      $t: 'escaped', proto: JSON.parse('{"__proto__":{"x":1}}') };
    Object.defineProperty(o.ce, 'name', { value: 'CustomError', writable: true, configurable: true });
    o.self = o;
    return o;
  })()`;
  const FROZEN = `[JSON.parse('{"toString":1,"constructor":{"prototype":2},"__proto__":3,"valueOf":[4]}'),
    new Error('e', { cause: 1 }), new Map([['hasOwnProperty', 1]])]`;
  const script = `import { encodeValue, decodeValue } from ${JSON.stringify(moduleUrl)};
import { toJSONValue } from ${JSON.stringify(jsonModuleUrl)};
const input = decodeValue(JSON.parse(await new Response(Bun.stdin.stream()).text()));
const own = ${SAMPLE};
const FROZEN_SAMPLE = ${FROZEN};
const checks = {
  self: input.self === input, shared: input.m.get('k') === [...input.m.keys()][0],
  negZero: Object.is(input.f64[1], -0), map: input.m instanceof Map, range: input.e instanceof RangeError,
  custom: input.ce.name === 'CustomError' && Object.getPrototypeOf(input.ce) === Error.prototype,
  proto: Object.getPrototypeOf(input.proto) === Object.prototype && Object.hasOwn(input.proto, '__proto__'),
  json: JSON.stringify(toJSONValue(input)),
};
const echo = encodeValue(input), ownWire = encodeValue(own);
// A hardened guest may freeze its intrinsics; assignment to inherited names like toString would then throw.
const stdout = process.stdout; // (Bun sets it up lazily, which a frozen Function.prototype would break)
for (const C of [Object, Array, Function, Error, Map, Set, Date, RegExp]) Object.freeze(Object.freeze(C).prototype);
checks.frozen = JSON.stringify(toJSONValue(decodeValue(JSON.parse(JSON.stringify(encodeValue(FROZEN_SAMPLE))))));
stdout.write(JSON.stringify({ echo, own: ownWire, checks, version: Bun.version }));
`;

  test(
    'the module runs under Bun and round-trips values both ways',
    { skip: !existsSync(bun) && 'bun binary missing', timeout: 60_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'bunker-values-'));
      try {
        const file = join(dir, 'roundtrip.ts');
        writeFileSync(file, script);
        const sample = new Function(`return ${SAMPLE}`)() as Record<string, unknown>;
        const res = spawnSync(bun, [file], {
          input: wire(sample),
          encoding: 'utf8',
          timeout: 50_000,
        });
        assert.equal(res.status, 0, `bun failed: ${res.stderr}`);
        const out = JSON.parse(res.stdout) as {
          echo: unknown;
          own: unknown;
          checks: Record<string, unknown>;
          version: string;
        };
        assert.equal(out.version, '1.4.5');
        const { json, frozen, ...flags } = out.checks;
        assert.deepEqual(flags, {
          self: true,
          shared: true,
          negZero: true,
          map: true,
          range: true,
          custom: true,
          proto: true,
        });
        assert.equal(json, JSON.stringify(toJSONValue(sample)));
        const frozenSample = new Function(`return ${FROZEN}`)() as unknown[];
        const expectFrozen = JSON.stringify(toJSONValue(rt(frozenSample)), (k, v) =>
          k === 'stack' ? undefined : v,
        );
        assert.equal(
          JSON.stringify(JSON.parse(frozen as string), (k, v) => (k === 'stack' ? undefined : v)),
          expectFrozen,
        );
        assert.match(
          expectFrozen,
          /^\[\{"toString":1,"constructor":\{"prototype":2\},"__proto__":3,"valueOf":\[4\]\}/,
        );
        // What Bun decoded and re-encoded is what we sent...
        const echo = decodeValue(out.echo) as typeof sample;
        const own = decodeValue(out.own) as typeof sample;
        // Both runtimes produce the same wire form for the same value (stack traces aside).
        const noStack = (k: string, v: unknown) => (k === 'stack' ? undefined : v);
        assert.equal(
          JSON.stringify(out.own, noStack),
          JSON.stringify(encodeValue(sample), noStack),
        );
        // (an invalid Date in an assertion diff crashes node's test reporter, so check it apart)
        for (const v of [echo, own, sample]) {
          assert.ok(Number.isNaN((v.bad as Date).getTime()));
          delete v.bad;
        }
        assert.deepEqual(echo, sample);
        assert.equal(echo.self, echo);
        // ...and what Bun built itself decodes in Node to the same value (stacks differ per runtime, so compare without them).
        for (const k of ['e', 'ce'] as const) {
          assert.equal(
            (own[k] as Error).stack?.split('\n')[0],
            (sample[k] as Error).stack?.split('\n')[0],
          );
          (own[k] as Error).stack = (sample[k] as Error).stack!;
        }
        assert.deepEqual(own, sample);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
