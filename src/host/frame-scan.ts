/**
 * The checks a guest line passes before the host spends anything on it: which frame it says it is
 * (read from its first bytes), and how deep and how many its JSON values are (one linear pass that
 * allocates nothing). JSON.parse cost grows with the number of values and their nesting, not only
 * the bytes: one 32 MiB line of 16 million nested arrays took 7.6 s and ~1 GB to parse, one
 * flat array of 16 million zeros 1.6 s; this pass takes ~60 ms over 32 MiB, and stops at the
 * first bracket past the limit (0.3 ms for the nested one).
 */
import { MAX_DEPTH } from '../protocol/values.js';

/**
 * The deepest JSON a result frame can legitimately hold: the codec allows MAX_DEPTH levels of
 * values, and one level takes at most 3 JSON levels (a Map: its node, its entry list, the
 * [key, value] pair), plus a tagged leaf (`{"$t":"undefined"}`) and the frame object itself.
 */
export const MAX_RESULT_JSON_DEPTH = 3 * MAX_DEPTH + 2;
/** Every other frame is flat but for a fetch frame's headers: frame, header list, one pair. */
const MAX_OTHER_JSON_DEPTH = 3;
/**
 * Values (commas and brackets) in a frame other than a result: a fetch frame's 256 headers
 * take ~770. A console text or a body is one string, however long.
 */
const MAX_OTHER_JSON_VALUES = 4096;

/** The frame a line says it is: from its first bytes, as the guest runtime writes every frame. */
export interface FrameHead {
  type: string;
  id: number | undefined;
}

/**
 * `{"v":1,"type":"…"` first, then `"id":N` when the frame has one: the order JSON.stringify gives
 * the guest's frame objects. Anything else is not a frame of this protocol.
 */
const HEAD = /^\{"v":1,"type":"([A-Za-z]{1,16})"(?:,"id":(0|[1-9][0-9]{0,15})(?=[,}]))?/;

export function frameHead(line: Buffer): FrameHead | undefined {
  const match = HEAD.exec(line.toString('latin1', 0, 64));
  if (!match) return undefined;
  return { type: match[1]!, id: match[2] === undefined ? undefined : Number(match[2]) };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/**
 * Why the line's JSON is too deep or has too many values for a frame of this type, or undefined.
 * Strings are skipped with indexOf (native), so a long console text costs a memchr.
 */
export function shapeProblem(line: Buffer, type: string): string | undefined {
  // A call's arguments are one encoded value, as deep as a result's.
  const result = type === 'result' || type === 'call';
  const maxDepth = result ? MAX_RESULT_JSON_DEPTH : MAX_OTHER_JSON_DEPTH;
  const maxValues = result ? Infinity : MAX_OTHER_JSON_VALUES;
  let depth = 0;
  let values = 0;
  for (let i = 0; i < line.length; i++) {
    const byte = line[i];
    if (byte === QUOTE) {
      i = stringEnd(line, i + 1);
      if (i === -1) return undefined; // unterminated: JSON.parse refuses it at once
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > maxDepth) return `a ${type} frame nested deeper than ${maxDepth} levels`;
      if (++values > maxValues) return `a ${type} frame with more than ${maxValues} values`;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    } else if (byte === COMMA && ++values > maxValues) {
      return `a ${type} frame with more than ${maxValues} values`;
    }
  }
  return undefined;
}

/** Index of the quote that closes the string whose contents start at `from`, or -1. */
function stringEnd(line: Buffer, from: number): number {
  for (let at = from; ;) {
    const quote = line.indexOf(QUOTE, at);
    if (quote === -1) return -1;
    let backslashes = 0;
    while (line[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}
