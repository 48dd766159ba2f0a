import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeValue,
  encodeValue,
  MAX_DEPTH,
  ValueEncodeError,
} from '../../src/protocol/values.js';
import { toJSONValue } from '../../src/protocol/values-json.js';
import { decodeJson, isDecodeError, isEncodeError, nest, rt, wire } from './values-helpers.js';

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
