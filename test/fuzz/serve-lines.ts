/**
 * Lines for the serve fuzz: requests of every op, usually mutated, and how many answers a byte
 * stream calls for. The server answers every line that is not blank (docs/protocol.md,
 * "Refusals"), an oversized one included, so the count is exact whatever the bytes are.
 */
import { MAX_LINE_BYTES } from '../../src/server/stdio.js';
import { mutateMessage, nested, type Json } from './mutate.js';
import type { Random } from './random.js';

/** Scripts that end quickly however their options are mutated. */
const CODES = [
  '1 + 1',
  '"x".repeat(3)',
  'throw new Error("e")',
  'let = ;',
  'await new Promise((r) => setTimeout(r, 5)); 1',
  'console.log("c"); null',
  'const t: number = 1; t',
];
const OPTIONS: readonly Json[] = [
  { timeoutMs: 3000 },
  { timeoutMs: 3000, memoryLimit: '32mb', consoleMaxBytes: 10 },
  { timeoutMs: 3000, typescript: true },
  { timeoutMs: 3000, http: { allowlist: ['example.com'] } },
  { timeoutMs: 0 },
  { nope: 1 },
];
const VALUES: readonly Json[] = [null, 1, 'v', { $t: 'undefined' }, [1, [2]], nested(1100)];

/** A request of a random op; `handle` is a live sandbox the fuzz may use (and dispose). */
export function fuzzRequest(random: Random, handle: string): Json {
  const v = 1;
  const id = random.pick<Json>([`fz-${random.u32()}`, random.u32(), -1, 0.5, '', null]);
  const someHandle = random.chance(0.7) ? handle : random.pick(['', 'nope', handle + 'x']);
  switch (random.int(7)) {
    case 0:
      return { v, id, op: 'ping' };
    case 1:
      return { v, id, op: 'run', code: random.pick(CODES), options: random.pick(OPTIONS) };
    case 2:
      return { v, id, op: 'create', options: random.pick(OPTIONS) };
    case 3:
      return { v, id, op: 'eval', handle: someHandle, code: random.pick(CODES) };
    case 4:
      return {
        v,
        id,
        op: 'setVariable',
        handle: someHandle,
        name: random.pick(['x', '', '__proto__', 'a b']),
        value: random.pick(VALUES),
      };
    case 5:
      return { v, id, op: 'dispose', handle: someHandle };
    default:
      return { v, id, op: random.pick(['frob', 'toString', '', 'PING']) };
  }
}

/** A fuzz line (its newline included): usually mutated, sometimes split in two by a newline. */
export function fuzzLine(random: Random, handle: string): Buffer {
  const request = fuzzRequest(random, handle);
  const bytes = random.chance(0.75)
    ? mutateMessage(request, random, true)
    : Buffer.from(JSON.stringify(request));
  return Buffer.concat([bytes, Buffer.from('\n')]);
}

/** Answers the server owes for `stream` (which ends with a newline). */
export function answersCalledFor(stream: Buffer): number {
  let count = 0;
  for (let start = 0; start < stream.length;) {
    let end = stream.indexOf(10, start);
    if (end === -1) end = stream.length;
    const line = stream.subarray(start, end);
    if (line.length > MAX_LINE_BYTES || !/^\s*$/.test(line.toString('utf8'))) count++;
    start = end + 1;
  }
  return count;
}
