import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRequest, sniffId } from '../../src/server/protocol.js';

describe('server request parsing', () => {
  test('accepts each op with its fields', () => {
    const requests = [
      { v: 1, id: 1, op: 'ping' },
      { v: 1, id: 'r', op: 'run', code: '1', options: { timeoutMs: 10 } },
      { v: 1, id: 2, op: 'run', code: '1' },
      { v: 1, id: 3, op: 'create' },
      { v: 1, id: 4, op: 'eval', handle: 'h', code: '1' },
      { v: 1, id: 5, op: 'setVariable', handle: 'h', name: 'x', value: null },
      { v: 1, id: 6, op: 'dispose', handle: 'h' },
    ];
    for (const request of requests) {
      const parsed = parseRequest(JSON.stringify(request));
      assert.deepEqual(parsed, { ok: true, request }, JSON.stringify(request));
    }
  });

  test('does not validate options: the options schema does, when the request runs', () => {
    const parsed = parseRequest('{"v":1,"id":1,"op":"create","options":{"nonsense":true}}');
    assert.equal(parsed.ok, true);
  });

  test('a refusal keeps the id when one could be read', () => {
    const parsed = parseRequest('{"v":1,"id":"abc","op":"eval","handle":1,"code":"x"}');
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.equal(parsed.id, 'abc');
    assert.equal(parsed.error.name, 'ArgumentError');
    assert.equal(
      parsed.error.message,
      'eval: field "handle" must be a string (a handle returned by create)',
    );
  });

  test('an id longer than 256 characters is refused, not echoed', () => {
    const parsed = parseRequest(JSON.stringify({ v: 1, id: 'x'.repeat(257), op: 'ping' }));
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.equal(parsed.id, null);
  });

  test('sniffId reads the id of a line from its first bytes', () => {
    assert.equal(sniffId('{"v":1,"id":17,"op":"run","code":"aaaa'), 17);
    assert.equal(sniffId('{"id":"a\\"b","v":1,'), 'a"b');
    assert.equal(sniffId(' { "v" : 1 , "op" : "eval" , "id" : -2.5 , "code'), -2.5);
    assert.equal(sniffId('{"code":"x","id":3}'), null, 'the id must come before other fields');
    assert.equal(sniffId('{"v":1,"id":'), null);
    assert.equal(sniffId('garbage'), null);
  });
});
