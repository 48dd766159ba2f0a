import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineReader, OVERSIZED_PREFIX_BYTES } from '../../src/server/line-reader.js';

function reader(max: number) {
  const events: string[] = [];
  const lines = new LineReader(max, {
    line: (line) => events.push(`line:${line.toString()}`),
    oversized: (prefix) => events.push(`oversized:${prefix.toString()}`),
  });
  return { lines, events };
}

describe('server LineReader', () => {
  test('splits lines across chunks', () => {
    const { lines, events } = reader(100);
    lines.push(Buffer.from('ab'));
    lines.push(Buffer.from('c\nde\nf'));
    lines.push(Buffer.from('g\n'));
    assert.deepEqual(events, ['line:abc', 'line:de', 'line:fg']);
  });

  test('skips an oversized line to its newline and keeps the lines after it', () => {
    const { lines, events } = reader(5);
    lines.push(Buffer.from('ok\n1234'));
    lines.push(Buffer.from('5678'));
    lines.push(Buffer.from('90\nnext\n'));
    assert.deepEqual(events, ['line:ok', 'oversized:12345678', 'line:next']);
  });

  test('an oversized line followed by another in the same chunk: both reported', () => {
    const { lines, events } = reader(3);
    lines.push(Buffer.from('aaaa\nbbbb\ncc\n'));
    assert.deepEqual(events, ['oversized:aaaa', 'oversized:bbbb', 'line:cc']);
  });

  test('a line of exactly the cap is delivered', () => {
    const { lines, events } = reader(3);
    lines.push(Buffer.from('abc\n'));
    assert.deepEqual(events, ['line:abc']);
  });

  test('keeps at most the prefix of an oversized line', () => {
    const { lines, events } = reader(OVERSIZED_PREFIX_BYTES * 2);
    lines.push(Buffer.alloc(OVERSIZED_PREFIX_BYTES * 3, 'x'));
    lines.push(Buffer.alloc(OVERSIZED_PREFIX_BYTES * 3, 'y'));
    lines.push(Buffer.from('\n'));
    assert.deepEqual(events, [`oversized:${'x'.repeat(OVERSIZED_PREFIX_BYTES)}`]);
  });

  test('end() delivers a last line that has no newline', () => {
    const { lines, events } = reader(100);
    lines.push(Buffer.from('a\nlast'));
    lines.end();
    assert.deepEqual(events, ['line:a', 'line:last']);
  });
});
