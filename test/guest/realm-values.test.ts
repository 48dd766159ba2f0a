/**
 * Values a Sandbox is given (setVariable) are objects of the script's own realm, built without
 * running anything the script put on its realm's prototypes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Sandbox } from '../../src/index.js';

test("setVariable's values are of the script's realm: instanceof holds, prototypes are its own", async () => {
  const sandbox = await Sandbox.create();
  try {
    await sandbox.setVariable('v', {
      list: [1, [2]],
      map: new Map([['k', { deep: true }]]),
      set: new Set([1]),
      when: new Date(0),
      pattern: /a+/g,
      error: new TypeError('bad'),
      bytes: new Uint8Array([1, 2, 3]),
      buffer: new ArrayBuffer(2),
    });
    const result = await sandbox.eval(`[
      v instanceof Object, Object.getPrototypeOf(v) === Object.prototype,
      v.list instanceof Array, v.list[1] instanceof Array, v.map instanceof Map,
      v.map.get('k') instanceof Object, v.set instanceof Set, v.when instanceof Date,
      v.pattern instanceof RegExp, v.error instanceof TypeError, v.error.message,
      v.bytes instanceof Uint8Array, Array.from(v.bytes), v.buffer instanceof ArrayBuffer,
    ]`);
    assert.deepEqual(result.value, [
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      'bad',
      true,
      [1, 2, 3],
      true,
    ]);
  } finally {
    await sandbox.dispose();
  }
});

test("building a value runs none of the script's setters or replaced methods", async () => {
  const sandbox = await Sandbox.create();
  try {
    await sandbox.eval(`globalThis.calls = [];
      Object.defineProperty(Object.prototype, 'name', { set(v) { calls.push('setter ' + v); }, configurable: true });
      Object.defineProperty(Array.prototype, '0', { set(v) { calls.push('index ' + v); }, configurable: true });
      Map.prototype.set = function () { calls.push('Map#set'); return this; };
      Set.prototype.add = function () { calls.push('Set#add'); return this; };
      Array.prototype.push = function () { calls.push('push'); return 0; };
      0`);
    await sandbox.setVariable('v', {
      name: 'kept',
      list: ['first'],
      map: new Map([[1, 2]]),
      set: new Set([3]),
    });
    const result = await sandbox.eval(
      `[calls, Object.getOwnPropertyDescriptor(v, 'name').value, Object.getOwnPropertyDescriptor(v.list, '0').value, v.map.size, v.set.size]`,
    );
    assert.deepEqual(result.value, [[], 'kept', 'first', 1, 1]);
  } finally {
    await sandbox.dispose();
  }
});
