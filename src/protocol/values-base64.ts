/** Base64 for the value codec (hand-written: atob is lenient and Buffer is Node-only). */
import { ValueDecodeError } from './values-errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) INDEX[CODES[i]!] = i;

export function toBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const out: number[] = [];
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i]!,
      b = i + 1 < n ? bytes[i + 1]! : 0,
      c = i + 2 < n ? bytes[i + 2]! : 0;
    out.push(
      CODES[a >> 2]!,
      CODES[((a & 3) << 4) | (b >> 4)]!,
      i + 1 < n ? CODES[((b & 15) << 2) | (c >> 6)]! : 61,
      i + 2 < n ? CODES[c & 63]! : 61,
    );
    if (out.length >= 8192) chunks.push(String.fromCharCode(...out.splice(0)));
  }
  chunks.push(String.fromCharCode(...out));
  return chunks.join('');
}

export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  if (s.length % 4 !== 0) throw new ValueDecodeError('invalid base64 (length)');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((s.length / 4) * 3 - pad);
  for (let i = 0, o = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = i; j < i + 4; j++) {
      const c = s.charCodeAt(j);
      let v = c < 128 ? INDEX[c]! : -1;
      if (v < 0 && c === 61 && j >= s.length - pad) v = 0;
      else if (v < 0) throw new ValueDecodeError('invalid base64 character');
      n = (n << 6) | v;
    }
    bytes[o++] = n >> 16;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}
