/**
 * The token file of `bunker serve --http` (docs/http-api.md, "Tokens"): each token names its
 * tenant and, optionally, ceilings on what its requests may ask for. Read once at start.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ArgumentError } from '../../errors.js';
import { describeIssues, resolveOptions } from '../../options.js';

/** Which fetch policies a token may ask for: none, allowlists only, or any (denylists too). */
export const FETCH_CEILINGS = ['off', 'allowlist', 'any'] as const;
export type FetchCeiling = (typeof FETCH_CEILINGS)[number];

/** A size as the memoryLimit option reads it (bytes or "64mb", within its bounds). */
const memory = z.union([z.number(), z.string()]).transform((raw, ctx) => {
  try {
    return resolveOptions({ memoryLimit: raw }).memoryLimit;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const CeilingsSchema = z
  .object({
    /** Largest timeoutMs (and cpuTimeMs) a request may ask for; unset requests get at most this. */
    timeoutMs: z.number().int().positive().optional(),
    /** Largest memoryLimit, bytes or "64mb"; unset requests get at most this. */
    memoryLimit: memory.optional(),
    /** Requests of this token in progress at once; past it 429. @default unlimited */
    concurrency: z.number().int().positive().optional(),
    /** Sandboxes of this token open at once; past it 429. @default unlimited (the pool bounds all) */
    sandboxes: z.number().int().positive().optional(),
    /** Fetch policies the token may ask for. @default "any" */
    fetch: z.enum(FETCH_CEILINGS).default('any'),
  })
  .strict();

const TokenSchema = z
  .object({
    /** The bearer secret; at least 16 characters so it cannot be guessed. */
    token: z.string().min(16),
    /** Whose runs these are (warm reuse, metrics, logs). */
    tenant: z.string().min(1).max(128),
    ceilings: CeilingsSchema.default({ fetch: 'any' }),
  })
  .strict();

export const TokenFileSchema = z
  .object({
    tokens: z.array(TokenSchema).min(1),
    /** When set, GET /metrics needs this bearer token; unset, /metrics is open like /healthz. */
    metricsToken: z.string().min(16).optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    for (const [index, entry] of file.tokens.entries()) {
      if (seen.has(entry.token))
        ctx.addIssue({ code: 'custom', path: ['tokens', index], message: 'duplicate token' });
      seen.add(entry.token);
    }
  });

export type TokenFile = z.output<typeof TokenFileSchema>;
export type TokenEntry = TokenFile['tokens'][number];
export type Ceilings = TokenEntry['ceilings'];

/** Reads and checks the file; ArgumentError naming the file and the field otherwise. */
export function loadTokenFile(path: string): TokenFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ArgumentError(`--token-file ${path}: ${(error as Error).message}`);
  }
  const parsed = TokenFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new ArgumentError(`--token-file ${path}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
