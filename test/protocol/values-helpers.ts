import assert from 'node:assert/strict';
import {
  decodeValue,
  encodeValue,
  ValueDecodeError,
  ValueEncodeError,
} from '../../src/protocol/values.js';

/** The real wire trip: encode, stringify, parse, decode. */
export const wire = (x: unknown): string => JSON.stringify(encodeValue(x));
export const rt = (x: unknown): unknown => decodeValue(JSON.parse(wire(x)));
export const decodeJson = (json: string): unknown => decodeValue(JSON.parse(json));
export const isEncodeError = (message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ValueEncodeError, `expected ValueEncodeError, got ${String(e)}`);
  assert.equal(e.name, 'DataCloneError');
  if (message) assert.match(e.message, message);
  return true;
};
export const isDecodeError = (message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ValueDecodeError, `expected ValueDecodeError, got ${String(e)}`);
  assert.equal(e.name, 'ValueDecodeError');
  if (message) assert.match(e.message, message);
  return true;
};
/** Nested arrays `depth` levels deep, built without recursion. */
export function nest(depth: number): unknown[] {
  const root: unknown[] = [];
  let cur = root;
  for (let i = 1; i < depth; i++) cur.push((cur = []));
  return root;
}
