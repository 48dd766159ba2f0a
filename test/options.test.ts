import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveOptions } from '../src/options.js';
import { parseSize } from '../src/size.js';

describe('options', () => {
  test('defaults follow mquickjs-ruby where it has them', () => {
    const o = resolveOptions({});
    assert.equal(o.timeoutMs, 5000);
    assert.equal(o.cpuTimeMs, 5000);
    assert.equal(o.memoryLimit, 64 * 1024 * 1024);
    assert.equal(o.consoleMaxBytes, 10_000);
    assert.equal(o.allowEval, false);
    assert.deepEqual(o.allowRead, []);
  });

  test('cpuTimeMs defaults to timeoutMs', () => {
    assert.equal(resolveOptions({ timeoutMs: 1234 }).cpuTimeMs, 1234);
    assert.equal(resolveOptions({ timeoutMs: 1234, cpuTimeMs: 99 }).cpuTimeMs, 99);
  });

  test('sizes accept bytes and unit strings', () => {
    assert.equal(resolveOptions({ memoryLimit: '64mb' }).memoryLimit, 64 * 1024 * 1024);
    assert.equal(resolveOptions({ memoryLimit: 16 * 1024 * 1024 }).memoryLimit, 16 * 1024 * 1024);
    assert.equal(parseSize('512kb'), 512 * 1024);
    assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('12 parsecs'), undefined);
    assert.equal(parseSize(-1), undefined);
  });

  for (const [name, input, pattern] of [
    ['negative timeout', { timeoutMs: -1 }, /timeoutMs/],
    ['fractional timeout', { timeoutMs: 1.5 }, /timeoutMs/],
    ['unknown option', { timeout: 5 }, /unknown option "timeout"/],
    ['unparsable size', { memoryLimit: 'big' }, /memoryLimit must be a byte count/],
    ['memory below the honoured minimum', { memoryLimit: '1kb' }, /memoryLimit/],
    ['tiny stack', { stackLimit: 1000 }, /stackLimit/],
    ['missing read directory', { allowRead: ['/no/such/dir'] }, /allowRead.0.*existing directory/],
    ['non-boolean allowEval', { allowEval: 'yes' }, /allowEval/],
  ] as const) {
    test(`rejects ${name} with an ArgumentError`, () => {
      assert.throws(() => resolveOptions(input), {
        name: 'ArgumentError',
        code: 'INVALID_OPTION',
        message: pattern,
      });
    });
  }
});
