/** Validation of frames from the guest: untrusted input, checked field by field. */
import { z } from 'zod';
import { frameHead, shapeProblem, type FrameHead } from './frame-scan.js';
import type { ErrorCode } from '../errors.js';
import type { GuestErrorInfo, GuestFrame } from '../protocol/frames.js';
import { MAX_FETCH_BODY_BYTES, PROTOCOL_VERSION } from '../protocol/frames.js';

type GuestErrorName = GuestErrorInfo['name'];
/** The errors a guest may report, each with its one code. */
export const GUEST_ERROR_CODES: Record<GuestErrorName, ErrorCode> = {
  SyntaxError: 'SYNTAX_ERROR',
  JavaScriptError: 'JAVASCRIPT_ERROR',
  MemoryLimitError: 'MEMORY_LIMIT',
  HTTPBlockedError: 'HTTP_BLOCKED',
  HTTPLimitError: 'HTTP_LIMIT',
  HTTPError: 'HTTP_ERROR',
  HostCallLimitError: 'HOST_CALL_LIMIT',
  // The mquickjs dialect's guest stopped the script at its timeoutMs (guest/script-deadline.ts).
  TimeoutError: 'WALL_TIMEOUT',
};

/** Longer URLs and header sets are refused as malformed: no server would take them anyway. */
const MAX_URL_CHARS = 64 * 1024;
const MAX_HEADER_CHARS = 64 * 1024;
const MAX_HEADERS = 256;

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
          name: z.enum(Object.keys(GUEST_ERROR_CODES) as [GuestErrorName, ...GuestErrorName[]]),
          code: z.enum(Object.values(GUEST_ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
          message: z.string().max(1_000_000),
          stack: z.string().max(1_000_000).optional(),
        })
        .strict()
        // The pair must be one the guest runtime sends: `--json` prints it as it is.
        .refine((error) => GUEST_ERROR_CODES[error.name] === error.code),
    })
    .strict(),
  z
    .object({
      v,
      type: z.literal('fetch'),
      id,
      fetchId: id,
      method: z.string().max(64),
      url: z.string().max(MAX_URL_CHARS),
      headers: z
        .array(z.tuple([z.string().max(MAX_HEADER_CHARS), z.string().max(MAX_HEADER_CHARS)]))
        .max(MAX_HEADERS),
      // base64 of a body up to the largest maxRequestBytes; the broker applies the real limit.
      body: z
        .string()
        .max(Math.ceil(MAX_FETCH_BODY_BYTES / 3) * 4)
        .nullable(),
      redirect: z.enum(['follow', 'manual', 'error']),
    })
    .strict(),
  z.object({ v, type: z.literal('fetchAbort'), id, fetchId: id }).strict(),
  // The name is checked against the run's own functions by the host (host-calls.ts).
  z
    .object({
      v,
      type: z.literal('call'),
      id,
      callId: id,
      name: z.string().max(256),
      args: z.unknown(),
    })
    .strict(),
]);

/** What the host waits for from a guest: its ready frame, the frames of one eval, or nothing. */
export type Awaiting = { kind: 'ready' } | { kind: 'eval'; id: number } | { kind: 'nothing' };

const EVAL_FRAMES = new Set(['console', 'result', 'error', 'fetch', 'fetchAbort', 'call']);

/**
 * The frame, or why the line breaks the protocol at this point. Every check that costs less than
 * parsing comes first: whether the host awaits this frame at all (its first bytes say which it
 * is), then its nesting and number of values; only then JSON.parse and the schema. A frame for
 * an id that is not in flight is refused like a malformed one: the guest runtime never sends one,
 * so only a script that escaped its realm can, and it speaks for no other run.
 */
export function readGuestFrame(line: Buffer, awaiting: Awaiting): GuestFrame | string {
  const head = frameHead(line);
  if (!head) return 'the guest sent a malformed frame';
  const unexpected = unexpectedFrame(head, awaiting);
  if (unexpected !== undefined) return unexpected;
  const shape = shapeProblem(line, head.type);
  if (shape !== undefined) return `the guest sent ${shape}`;
  const frame = parseGuestFrame(line);
  // Keys repeated further on would win in JSON.parse: the frame must still be the one it said.
  if (!frame || frame.type !== head.type || ('id' in frame ? frame.id : undefined) !== head.id)
    return 'the guest sent a malformed frame';
  return frame;
}

function unexpectedFrame(head: FrameHead, awaiting: Awaiting): string | undefined {
  const what = `the guest sent a ${head.type} frame`;
  switch (awaiting.kind) {
    case 'ready':
      return head.type === 'ready' ? undefined : `${what} before ready`;
    case 'nothing':
      return `${what} while no eval was in flight`;
    case 'eval':
      if (!EVAL_FRAMES.has(head.type)) return `${what} during an eval`;
      if (head.id === undefined) return `${what} without an id`;
      if (head.id !== awaiting.id)
        return `${what} for id ${head.id}, which is not the eval in flight (${awaiting.id})`;
      return undefined;
  }
}

/** The frame, or undefined when the line is not a valid frame (the schema's verdict alone). */
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
