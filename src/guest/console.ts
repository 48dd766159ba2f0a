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
    current.remaining -= Buffer.byteLength(text);
    current.write(text);
  };
  return Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => write(args)])) as Record<
    (typeof METHODS)[number],
    (...args: unknown[]) => void
  >;
}
