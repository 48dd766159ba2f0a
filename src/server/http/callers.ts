/**
 * Who is asking: the bearer token of a request, looked up in constant time. Every known token is
 * compared (SHA-256 digests, so lengths match) without stopping at the first match, so the time
 * taken says nothing about which token, or how much of one, was right. Tokens are kept only here
 * and never logged: the rest of the server knows a caller by its index and tenant.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Ceilings, TokenFile } from './token-file.js';

export interface Caller {
  /** Stable per token within this process: owns sandboxes, counts concurrency. */
  key: number;
  tenant: string;
  ceilings: Ceilings;
}

/** Without a token file (loopback only) every request is this caller. */
export const ANONYMOUS: Caller = { key: -1, tenant: 'default', ceilings: { fetch: 'any' } };

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class Callers {
  private readonly entries: { digest: Buffer; caller: Caller }[];
  private readonly metricsDigest: Buffer | undefined;

  constructor(file: TokenFile | undefined) {
    this.entries = (file?.tokens ?? []).map((entry, key) => ({
      digest: digest(entry.token),
      caller: { key, tenant: entry.tenant, ceilings: entry.ceilings },
    }));
    this.metricsDigest = file?.metricsToken === undefined ? undefined : digest(file.metricsToken);
    this.open = file === undefined;
  }

  /** No token file: every request is ANONYMOUS. */
  readonly open: boolean;

  /** The caller of an `Authorization` header; undefined for a missing or unknown token. */
  identify(authorization: string | undefined): Caller | undefined {
    if (this.open) return ANONYMOUS;
    const presented = bearer(authorization);
    if (presented === undefined) return undefined;
    const candidate = digest(presented);
    let found: Caller | undefined;
    for (const entry of this.entries)
      if (timingSafeEqual(entry.digest, candidate)) found ??= entry.caller;
    return found;
  }

  /** /metrics is open unless the token file names a metricsToken. */
  mayReadMetrics(authorization: string | undefined): boolean {
    if (this.metricsDigest === undefined) return true;
    const presented = bearer(authorization);
    return presented !== undefined && timingSafeEqual(this.metricsDigest, digest(presented));
  }
}

function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}
