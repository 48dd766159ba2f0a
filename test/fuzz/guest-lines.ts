/**
 * What a hostile guest writes to fd 3 in the fuzz, and what the host must make of it.
 *
 * OWN_ID stands for the id of the eval the script runs in: the script substitutes it, so forged
 * frames can speak for its own eval. A frame for any other id ends the run. The host's own frame
 * reader is the oracle for "is this line a frame the host awaits": the fuzz checks what the host
 * does with the verdict end to end (a refused line, or a frame for another eval, ends the run with
 * PROTOCOL_ERROR; a forged frame for its own eval gives the outcome it claims), across the
 * splitter, the id check, the codec and the broker.
 */
import { readGuestFrame } from '../../src/host/guest-frames.js';
import { MAX_FRAME_BYTES } from '../../src/protocol/frames.js';
import { mutateMessage, nested, type Json } from './mutate.js';
import type { Random } from './random.js';

export const OWN_ID = 424242424242;
const OWN_TOKEN = String(OWN_ID);
/** Never the id of the eval in flight. */
const OTHER_IDS = [1_000_000_007, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER];

const ERRORS: readonly [string, string][] = [
  ['SyntaxError', 'SYNTAX_ERROR'],
  ['JavaScriptError', 'JAVASCRIPT_ERROR'],
  ['MemoryLimitError', 'MEMORY_LIMIT'],
  ['HTTPBlockedError', 'HTTP_BLOCKED'],
  ['HTTPLimitError', 'HTTP_LIMIT'],
  ['HTTPError', 'HTTP_ERROR'],
];

const VALUES: readonly Json[] = [
  42,
  'forged',
  [1, { a: null }],
  { $t: 'undefined' },
  { $t: 'number', v: 'NaN' },
  { $t: 'bigint', v: '-12345678901234567890' },
  { $t: 'Date', v: 0 },
  { $t: 'RegExp', source: 'a+', flags: 'g' },
  { $t: 'Map', v: [['k', 1]] },
  { $t: 'Set', v: [1, 2] },
  { $t: 'Uint8Array', b: 'AQID' },
  { $t: 'Error', name: 'TypeError', message: 'forged', stack: 'at nowhere' },
  { $t: 'object', id: 1, v: { self: { $t: 'ref', id: 1 } } },
  { $t: 'ref', id: 7 },
  nested(999),
  nested(1001),
];

const METHODS = ['GET', 'POST', 'get', 'BREW', '', 'G E T', 'GET\r\nX: y', 'x'.repeat(64)];
const HEADERS: readonly [string, string][][] = [
  [],
  [['accept', 'text/plain']],
  [['host', 'evil.example']],
  [['x bad name', 'v']],
  [['x-ok', 'bad\r\nvalue']],
  [['content-length', '99999']],
  Array.from({ length: 256 }, (_, i): [string, string] => [`x-h${i}`, 'v']),
  Array.from({ length: 257 }, (_, i): [string, string] => [`x-h${i}`, 'v']),
];

/** A valid frame of a random type, for `id`; fetch URLs point at `url` or somewhere odd. */
function template(random: Random, id: number, url: string): Json {
  const v = 1;
  switch (random.int(7)) {
    case 0:
      return { v, type: 'ready' };
    case 1:
      return { v, type: 'console', id, text: random.pick(['forged\n', '', '\u0000\ud800']) };
    case 2:
      return { v, type: 'result', id, value: random.pick(VALUES) };
    case 3: {
      const [name, code] = random.chance(0.8)
        ? random.pick(ERRORS)
        : [random.pick(ERRORS)[0], random.pick(ERRORS)[1]];
      return { v, type: 'error', id, error: { name, code, message: 'forged' } };
    }
    case 4:
      return {
        v,
        type: 'fetch',
        id,
        fetchId: random.pick([0, 1, 2, 2 ** 40]),
        method: random.pick(METHODS),
        url: random.pick([url, `${url}?q=${'a'.repeat(100)}`, 'http://[::1', 'file:///etc/passwd']),
        headers: random.pick(HEADERS),
        body: random.pick([null, '', 'aGVsbG8=', '!!!']),
        redirect: random.pick(['follow', 'manual', 'error']),
      };
    case 5:
      return { v, type: 'fetchAbort', id, fetchId: random.pick([0, 1, 2]) };
    default:
      // The fuzz's runs are given no host functions: every call names one they do not have.
      return {
        v,
        type: 'call',
        id,
        callId: random.pick([0, 1, 2 ** 40]),
        name: random.pick(['f', 'db.find', '__proto__', '', 'x'.repeat(300)]),
        args: random.pick([[], [1, 'a'], random.pick(VALUES), [random.pick(VALUES)]]),
      };
  }
}

/** 1-3 lines, more than half of them mutated; sometimes the last one is left without its newline. */
export function guestLines(random: Random, url: string): Buffer {
  const lines: Buffer[] = [];
  for (let n = random.pick([1, 1, 1, 2, 3]); n > 0; n--) {
    const message = template(random, random.chance(0.85) ? OWN_ID : random.pick(OTHER_IDS), url);
    lines.push(
      random.chance(0.6)
        ? mutateMessage(message, random, true)
        : Buffer.from(JSON.stringify(message)),
      Buffer.from('\n'),
    );
  }
  if (random.chance(0.1)) lines.pop();
  return Buffer.concat(lines);
}

export type Expectation =
  /** Nothing changed the run: it ends with the script's own value. */
  | { kind: 'value' }
  /** A line that is not a frame: SandboxError PROTOCOL_ERROR. */
  | { kind: 'protocol' }
  /** A forged result for its own eval: some value, or PROTOCOL_ERROR when it does not decode. */
  | { kind: 'forgedResult' }
  /** A forged error for its own eval: that error. */
  | { kind: 'forgedError'; name: string }
  /** Ambiguous (an id that may be its own eval's): any typed outcome. */
  | { kind: 'any' };

/** The same latin1 substitution the script makes. */
const withId = (line: Buffer, id: number) =>
  Buffer.from(line.toString('latin1').replaceAll(OWN_TOKEN, String(id)), 'latin1');

/**
 * What the host must do with `written` followed by the script's own result frame (exactly as
 * the guest runtime writes it, so that a line left without its newline runs into it).
 */
export function expectationFor(written: Buffer, value: string): Expectation {
  const real = JSON.stringify({ v: 1, type: 'result', id: OWN_ID, value }) + '\n';
  const stream = Buffer.concat([written, Buffer.from(real)]);
  let start = 0;
  for (;;) {
    const newline = stream.indexOf(10, start);
    if (newline === -1) return { kind: 'any' };
    const line = stream.subarray(start, newline);
    start = newline + 1;
    if (line.length > MAX_FRAME_BYTES) return { kind: 'protocol' };
    // Two stand-ins for the eval's id: a verdict that depends on which is ambiguous. The host
    // takes only frames for the eval in flight: any other line ends the run.
    const read = (id: number) => readGuestFrame(withId(line, id), { kind: 'eval', id });
    const [a, b] = [read(7), read(123456)];
    if (typeof a === 'string' && typeof b === 'string') return { kind: 'protocol' };
    if (typeof a === 'string' || typeof b === 'string' || a.type !== b.type) return { kind: 'any' };
    if (a.type === 'result' && b.type === 'result')
      return a.value === value && start === stream.length
        ? { kind: 'value' }
        : { kind: 'forgedResult' };
    if (a.type === 'error') return { kind: 'forgedError', name: a.error.name };
    if (a.type === 'call') return { kind: 'protocol' };
  }
}

/**
 * The script: learns its eval's id (the guest runtime stamps it on the console frame a
 * console.log sends, through the host realm's JSON.stringify, which an escaped script can wrap),
 * substitutes it for OWN_ID in `written`, writes the bytes to fd 3 and ends with `value`.
 */
export function guestScript(written: Buffer, value: string): string {
  return `${LEARN_OWN_ID}
const text = atob(${JSON.stringify(written.toString('base64'))}).replaceAll("${OWN_TOKEN}", String(own));
await Bun.write(Bun.file(3), Uint8Array.from(text, (c) => c.charCodeAt(0)));
${JSON.stringify(value)}`;
}

/**
 * Defines `own`, the id of the running eval, and prints "probe". Eval ids count per process, from
 * 1: a run's one eval is id 1. (The script holds Bun: the test runs the escaped guest.)
 */
export const LEARN_OWN_ID = `const own = 1;
console.log("probe");`;
