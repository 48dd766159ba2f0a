/**
 * Mutations both fuzz suites apply to a valid message: first on its JSON (a field of the wrong
 * type, missing, unknown, renamed), then on its bytes (cut short, NUL and invalid UTF-8 inserted,
 * bits flipped, pieces dropped or repeated, numbers JSON cannot hold as doubles).
 */
import type { Random } from './random.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Builds `depth` nested arrays around `inner`, without recursion. */
export function nested(depth: number, inner: Json = 0): Json {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Values that break schemas: wrong types, edge numbers, long strings, deep nesting, codec tags. */
const ODD_VALUES: readonly (() => Json)[] = [
  () => null,
  () => true,
  () => 0,
  () => -1,
  () => 1.5,
  () => 1e308,
  () => 2 ** 53 + 2,
  () => '',
  () => '1',
  () => '\u0000',
  () => '\ud800',
  () => '\u2028\u2029',
  () => 'x'.repeat(70_000),
  () => [],
  () => [1, 'a', null],
  () => ({}),
  () => ({ $t: 'ref', id: 1 }),
  () => ({ $t: 'nope' }),
  () => ({ $t: 'bigint', v: '1'.repeat(5000) }),
  () => ({ $t: 'Uint8Array', b: '!!not base64' }),
  () => nested(1200),
];

const ODD_KEYS = ['', 'x', 'constructor', 'prototype', '$t', 'id', 'v', 'type', 'toString'];

export function oddValue(random: Random): Json {
  return random.pick(ODD_VALUES)();
}

/** Every object and array in `root`, breadth first (the root included). */
function containers(root: Json): (Json[] | { [key: string]: Json })[] {
  const found: (Json[] | { [key: string]: Json })[] = [];
  const queue: Json[] = [root];
  while (queue.length > 0 && found.length < 200) {
    const node = queue.shift()!;
    if (node === null || typeof node !== 'object') continue;
    found.push(node);
    queue.push(...(Array.isArray(node) ? node : Object.values(node)));
  }
  return found;
}

/** Sets an own property, `__proto__` included (plain assignment would change the prototype). */
function setOwn(target: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** One structural change somewhere in a copy of `message`. */
export function mutateJson(message: Json, random: Random): Json {
  const copy = structuredClone(message);
  const found = containers(copy);
  if (found.length === 0 || random.chance(0.05)) return oddValue(random);
  const target = random.pick(found);
  if (Array.isArray(target)) {
    const at = random.int(target.length + 1);
    if (target.length > 0 && random.chance(0.5)) target.splice(at, 1);
    else target.splice(at, 0, oddValue(random));
    return copy;
  }
  const keys = Object.keys(target);
  const key = keys.length > 0 ? random.pick(keys) : undefined;
  switch (random.int(key === undefined ? 1 : 4)) {
    case 0:
      setOwn(target, random.chance(0.2) ? '__proto__' : random.pick(ODD_KEYS), oddValue(random));
      break;
    case 1:
      setOwn(target, key!, oddValue(random));
      break;
    case 2:
      delete target[key!];
      break;
    case 3:
      setOwn(target, `${key!}_`, target[key!]!);
      delete target[key!];
      break;
  }
  return copy;
}

const ODD_BYTES: readonly number[][] = [
  [0x00],
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf], // overlong '/'
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xe2, 0x80, 0xa8], // U+2028
  [0xef, 0xbb, 0xbf], // BOM
  [0x0d],
  [0x09],
  [0x22],
  [0x5c],
  [0x5c, 0x75],
  [0x7b],
  [0x7d],
  [0x5b],
  [0x2c],
];

const ODD_TEXT = [
  '1e309',
  '-1',
  '0.5',
  '-0',
  '9007199254740993',
  '1' + '0'.repeat(400),
  'NaN',
  'null',
  '"\\uD800"',
  '"\\uZZZZ"',
  '{}',
  '[]',
  ',,',
  '"__proto__":{}',
];

/** One byte-level change to `bytes`. `newlines`: whether a change may insert a line break. */
export function mutateBytes(bytes: Buffer, random: Random, newlines = false): Buffer {
  const at = random.int(bytes.length + 1);
  const span = Math.min(bytes.length - at, random.between(1, 16));
  const splice = (insert: Buffer, remove = 0) =>
    Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at + remove)]);
  switch (random.int(newlines ? 8 : 7)) {
    case 0:
      return bytes.subarray(0, at);
    case 1:
      return splice(Buffer.from(random.pick(ODD_BYTES)));
    case 2: {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      const index = Math.min(at, copy.length - 1);
      copy[index]! ^= 1 << random.int(8);
      return copy;
    }
    case 3:
      return splice(Buffer.alloc(0), span);
    case 4:
      return splice(bytes.subarray(at, at + span));
    case 5:
      return splice(Buffer.from(random.pick(ODD_TEXT)), random.chance(0.5) ? span : 0);
    case 6:
      return splice(Buffer.from(random.pick(ODD_BYTES)), span);
    default:
      return splice(Buffer.from([0x0a]));
  }
}

/** A valid message with 0-2 JSON changes and 0-3 byte changes: usually broken, sometimes not. */
export function mutateMessage(message: Json, random: Random, newlines = false): Buffer {
  let json = message;
  for (let n = random.int(3); n > 0; n--) json = mutateJson(json, random);
  let bytes: Buffer = Buffer.from(JSON.stringify(json));
  for (let n = random.int(4); n > 0; n--) bytes = mutateBytes(bytes, random, newlines);
  return bytes;
}
