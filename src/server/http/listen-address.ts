/** `--http [HOST:]PORT`: where the HTTP server listens, and whether that is loopback only. */
import { isIP } from 'node:net';
import { ArgumentError } from '../../errors.js';

export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_HOST = '127.0.0.1';

/** `8080`, `0.0.0.0:8080`, `[::1]:8080`; port 0 picks a free one. */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:(?:\[([^\]]+)\]|([^:[\]]+)):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535)
    throw new ArgumentError(`--http ${text}: expected [HOST:]PORT, e.g. 8080 or 0.0.0.0:8080`);
  return { host: match[1] ?? match[2] ?? DEFAULT_HOST, port };
}

/**
 * Only a literal loopback address counts: a name (even "localhost") may resolve elsewhere, and
 * an unauthenticated server must never be reachable from another machine.
 */
export function isLoopback(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
