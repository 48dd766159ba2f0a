/**
 * console for the guest realm. Formatting happens here; the byte cap is enforced again by the
 * host (this side only stops sending early so a flood costs the guest, not the pipe).
 */
import { requireBuiltin } from './bun-api.js';
import { hardenLate } from './harden/index.js';

type Format = (...args: unknown[]) => string;
let utilFormat: Format | undefined;

/**
 * node:util's format, loaded on first need: importing it cost ~5 ms of every guest's start, and
 * most output is plain strings. A pooled process that sits idle loads it ahead (main.ts). Its
 * `inspect` reaches scripts (a custom inspect method receives it): frozen like the rest.
 */
export function loadFormat(): Format {
  if (utilFormat === undefined) {
    const util = requireBuiltin('node:util') as { format: Format; inspect: unknown };
    hardenLate(util.inspect);
    utilFormat = util.format;
  }
  return utilFormat;
}

export const formatLoaded = (): boolean => utilFormat !== undefined;

/** Values util.format prints exactly as String() does. */
const plain = (value: unknown): boolean =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  value === null ||
  value === undefined ||
  (typeof value === 'number' && !Object.is(value, -0));

function format(args: unknown[], mquickjs: boolean): string {
  // mquickjs-ruby's console: String() of each argument, joined by spaces, no % directives.
  if (mquickjs) return args.map(String).join(' ');
  const first = args[0];
  if (args.every(plain) && !(typeof first === 'string' && first.includes('%')))
    return args.map(String).join(' ');
  return loadFormat()(...args);
}

export interface ConsoleSink {
  /** Bytes still allowed in this eval; below zero the cap was passed and nothing more is sent. */
  remaining: number;
  /** Format as mquickjs-ruby does (the mquickjs dialect): String() of each argument. */
  mquickjs?: boolean;
  write(text: string): void;
}

/** Characters per console frame: at most 6 MiB once JSON-escaped, far under the frame cap. */
const PIECE_CHARS = 1024 * 1024;

/** The first `bytes` bytes of `text` as UTF-8 (a character split at the end becomes U+FFFD). */
const cut = (text: string, bytes: number) =>
  Buffer.from(text.slice(0, bytes)).subarray(0, bytes).toString('utf8');

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Returns the host-realm implementation; the realm wraps each method in its own functions. */
export function consoleMethods(
  sink: () => ConsoleSink,
): Record<(typeof METHODS)[number], (...args: unknown[]) => void> {
  const write = (args: unknown[]) => {
    const current = sink();
    if (current.remaining < 0) return;
    const text = format(args, current.mquickjs === true) + '\n';
    const bytes = Buffer.byteLength(text);
    // Past the cap, send one byte more than fits (even when nothing fits: a cap reached exactly,
    // or a cap of 0): the host then knows the output was cut. Then nothing more is sent.
    const kept = bytes <= current.remaining ? text : cut(text, current.remaining + 1);
    current.remaining = bytes <= current.remaining ? current.remaining - bytes : -1;
    // Pieces well under a frame even when JSON escapes every character (\u0001: 6 bytes).
    for (let at = 0; at < kept.length; at += PIECE_CHARS)
      current.write(kept.slice(at, at + PIECE_CHARS));
  };
  return Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => write(args)])) as Record<
    (typeof METHODS)[number],
    (...args: unknown[]) => void
  >;
}
