/**
 * The `http` option: the fetch broker's policy. Part of the one options schema (src/options.ts);
 * names and defaults follow mquickjs-ruby's `http:` options. Unset, fetch is off.
 */
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { isIpLiteral, parseCidrs } from './broker/addresses.js';
import { compilePattern, type UrlPattern } from './broker/patterns.js';
import { MAX_FETCH_BODY_BYTES } from './protocol/frames.js';
import { parseSize } from './size.js';

const MiB = 1024 * 1024;
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

const bodyLimit = (what: string) =>
  z
    .union([z.number(), z.string()])
    .transform((raw, ctx) => {
      const bytes = parseSize(raw);
      if (bytes !== undefined) return bytes;
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a byte count or a size like "1mb"`,
      });
      return z.NEVER;
    })
    .pipe(z.number().int().nonnegative().max(MAX_FETCH_BODY_BYTES))
    .default(MiB);

/** Fails with the compiler's message (which names the entry) as a zod issue. */
const compiled = <T>(compile: (source: string) => T) =>
  z.string().transform((source, ctx) => {
    try {
      return compile(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const patterns = z.array(compiled(compilePattern)).optional();

/** Host names as the broker compares them: lower case, punycode, no trailing dot. */
const hostName = z.string().transform((raw, ctx) => {
  const host = domainToASCII(raw.replace(/\.$/, ''));
  if (host === '' || host.includes(':')) {
    ctx.addIssue({ code: 'custom', message: `"${raw}" is not a host name` });
    return z.NEVER;
  }
  return host;
});

/** Strict spellings only: a typo such as "1.2.3" must not quietly become 1.2.0.3. */
const ipAddress = z.string().transform((raw, ctx) => {
  if (!isIpLiteral(raw)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}" is not an IP address (dotted-quad IPv4 or IPv6)`,
    });
    return z.NEVER;
  }
  return ipaddr.parse(raw).toString();
});

export const HttpOptionsSchema = z
  .object({
    /** Only URLs matching an entry may be fetched (host or URL patterns). Empty: none. @default [] */
    allowlist: patterns,
    /** URLs matching an entry are refused, everything else allowed. Not with `allowlist`. */
    denylist: patterns,
    /** fetch calls per eval; the next rejects with HTTPLimitError. @default 10 */
    maxRequests: z.number().int().nonnegative().max(100_000).default(10),
    /** Whole fetch, redirects and body included, in ms; past it HTTPError. @default 5000 */
    requestTimeoutMs: z.number().int().positive().max(86_400_000).default(5000),
    /** Request body bytes; larger bodies get HTTPLimitError before anything is sent. @default 1 MiB */
    maxRequestBytes: bodyLimit('maxRequestBytes'),
    /** Response body bytes, counted while streaming and after decompression. @default 1 MiB */
    maxResponseBytes: bodyLimit('maxResponseBytes'),
    /** Methods the script may use; others get HTTPBlockedError. @default GET POST PUT DELETE PATCH HEAD */
    allowedMethods: z
      .array(
        z
          .string()
          .transform((m) => m.toUpperCase())
          .pipe(z.enum(METHODS)),
      )
      .default(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']),
    /** Ports the script may reach. @default [80, 443] */
    allowedPorts: z.array(z.number().int().min(1).max(65535)).default([80, 443]),
    /** Refuse names that resolve to loopback, private, link-local, … addresses. @default true */
    blockPrivateIps: z.boolean().default(true),
    /** CIDR ranges exempt from `blockPrivateIps` (an internal service you mean to reach). @default [] */
    allowedIps: z.array(z.string()).default([]),
    /** Redirects the broker follows per fetch, each checked like a new request. @default 5 */
    maxRedirects: z.number().int().nonnegative().max(20).default(5),
    /** Static name → address answers (like curl's --resolve); still vetted. @default {} */
    resolve: z.record(hostName, ipAddress).default({}),
    /** Extra PEM certificate authorities to trust besides Node's bundled roots. @default [] */
    caCertificates: z.array(z.string().includes('-----BEGIN CERTIFICATE-----')).default([]),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.allowlist !== undefined && o.denylist !== undefined)
      ctx.addIssue({ code: 'custom', message: 'give either allowlist or denylist, not both' });
  })
  .transform(({ allowlist, denylist, allowedIps, ...rest }, ctx) => {
    let ranges;
    try {
      ranges = parseCidrs(allowedIps);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['allowedIps'], message: (error as Error).message });
      return z.NEVER;
    }
    const access: Access =
      denylist === undefined
        ? { mode: 'allow', patterns: allowlist ?? [] }
        : { mode: 'deny', patterns: denylist };
    return { ...rest, access, allowedIps: ranges };
  });

/** Allowlist mode refuses what no pattern matches; denylist mode refuses what one does. */
export interface Access {
  mode: 'allow' | 'deny';
  patterns: readonly UrlPattern[];
}

export type HttpOptions = z.input<typeof HttpOptionsSchema>;
export type HttpPolicy = z.output<typeof HttpOptionsSchema>;
