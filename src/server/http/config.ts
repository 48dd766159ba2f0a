/**
 * The settings of `bunker serve --http`, parsed once (flags -> this schema) with their defaults.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ArgumentError } from '../../errors.js';
import { describeIssues } from '../../options.js';
import type { ListenAddress } from './listen-address.js';
import type { TokenFile } from './token-file.js';

const MiB = 1024 * 1024;

export const HttpServerSettingsSchema = z
  .object({
    /**
     * Names this node in sandbox ids (`NODE.UUID`), which the balancer routes on: unique per
     * node. @default 8 random hex digits
     */
    nodeId: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 of a-z, 0-9 and -')
      .default(() => randomBytes(4).toString('hex')),
    /** A sandbox with no call for this long is disposed, in ms. @default 300000 (5 minutes) */
    sandboxIdleMs: z.number().int().min(100).max(86_400_000).default(300_000),
    /** On SIGTERM, how long in-flight requests may take before they are cut, in ms. @default 30000 */
    drainTimeoutMs: z.number().int().nonnegative().max(3_600_000).default(30_000),
    /** Largest request body; larger ones are refused with 413. @default 4 MiB */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(32 * MiB)
      .default(4 * MiB),
  })
  .strict();

export type HttpServerSettings = z.output<typeof HttpServerSettingsSchema>;

export interface HttpServerConfig extends HttpServerSettings {
  listen: ListenAddress;
  /** Absent: no authentication, allowed on a loopback address only. */
  tokens: TokenFile | undefined;
}

export function resolveHttpServerSettings(input: unknown): HttpServerSettings {
  const parsed = HttpServerSettingsSchema.safeParse(input);
  if (!parsed.success) throw new ArgumentError(describeIssues(parsed.error));
  return parsed.data;
}
