/**
 * console for the guest realm. Formatting happens here; the byte cap is enforced again by the
 * host (this side only stops sending early so a flood costs the guest, not the pipe).
 */
import { format } from 'node:util';

export interface ConsoleSink {
  /** Bytes still allowed in this eval; below zero nothing more is sent. */
  remaining: number;
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
    if (current.remaining <= 0) {
      current.remaining = -1;
      return;
    }
    const text = format(...args) + '\n';
    const bytes = Buffer.byteLength(text);
    // Past the cap, send one byte more than fits: the host then knows the output was cut.
    const kept = bytes <= current.remaining ? text : cut(text, current.remaining + 1);
    current.remaining -= bytes;
    // Pieces well under a frame even when JSON escapes every character (\u0001: 6 bytes).
    for (let at = 0; at < kept.length; at += PIECE_CHARS)
      current.write(kept.slice(at, at + PIECE_CHARS));
  };
  return Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => write(args)])) as Record<
    (typeof METHODS)[number],
    (...args: unknown[]) => void
  >;
}
