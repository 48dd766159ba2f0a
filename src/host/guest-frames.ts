/** Validation of frames from the guest: untrusted input, checked field by field. */
import { z } from 'zod';
import type { GuestFrame } from '../protocol/frames.js';
import { PROTOCOL_VERSION } from '../protocol/frames.js';

const id = z.number().int().nonnegative();
const v = z.literal(PROTOCOL_VERSION);

const GuestFrameSchema = z.discriminatedUnion('type', [
  z.object({ v, type: z.literal('ready') }).strict(),
  z.object({ v, type: z.literal('console'), id, text: z.string() }).strict(),
  z.object({ v, type: z.literal('result'), id, value: z.unknown() }).strict(),
  z
    .object({
      v,
      type: z.literal('error'),
      id,
      error: z
        .object({
          name: z.enum(['SyntaxError', 'JavaScriptError', 'MemoryLimitError', 'HTTPBlockedError']),
          code: z.enum(['SYNTAX_ERROR', 'JAVASCRIPT_ERROR', 'MEMORY_LIMIT', 'HTTP_BLOCKED']),
          message: z.string().max(1_000_000),
          stack: z.string().max(1_000_000).optional(),
        })
        .strict(),
    })
    .strict(),
]);

/** The frame, or undefined when the line is not a valid frame. */
export function parseGuestFrame(line: Buffer): GuestFrame | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = GuestFrameSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
