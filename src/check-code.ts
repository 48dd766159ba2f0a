import { ArgumentError } from './errors.js';
import { MAX_FRAME_BYTES } from './protocol/frames.js';

/** The code must be a string that fits in one protocol frame. */
export function checkCode(code: unknown): asserts code is string {
  if (typeof code !== 'string')
    throw new ArgumentError(`code must be a string, got ${typeof code}`, 'INVALID_ARGUMENT');
  if (Buffer.byteLength(code) > MAX_FRAME_BYTES / 2) {
    throw new ArgumentError(`code is larger than ${MAX_FRAME_BYTES / 2} bytes`, 'INVALID_ARGUMENT');
  }
}
