/**
 * Requests of the stdio server (docs/protocol.md, "The stdio server"): one JSON object per line,
 * `{"v":1,"id":…,"op":…, …fields}`. A line is checked in order — JSON, object, id, version, op,
 * then the op's fields (zod, strict) — so that the refusal names the first problem and echoes the
 * id whenever one could be read. Options are not checked here: they go, as given, through the one
 * options schema (src/options.ts) when the request runs.
 */
import { z } from 'zod';
import { ArgumentError, SandboxError, type BunkerError } from '../errors.js';
import type { Options } from '../options.js';

export const SERVER_PROTOCOL_VERSION = 1;

export type RequestId = string | number;
const RequestIdSchema = z.union([z.string().max(256), z.number()]);

/** Zod message for a field that is missing or of the wrong type. */
const expected = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;
const text = z.string({ error: expected('a string') });
const handle = z.string({ error: expected('a string (a handle returned by create)') });
/** Validated later by the options schema, which names the offending option. */
const options = z.custom<Options>().optional();
const anyValue = z.custom<unknown>((value) => value !== undefined, { error: 'is required' });
/** Names of the client's host functions; each is checked when the request runs (src/functions.ts). */
const functions = z.array(text).max(1000, 'must list at most 1000 names').optional();

/** `"tagged"`: numbers JSON has no form for, both ways, as values.md's wire format writes them. */
const numbers = z.literal('tagged').optional();

const request = <Op extends string, Shape extends z.ZodRawShape>(op: Op, shape: Shape) =>
  z.strictObject({
    v: z.literal(SERVER_PROTOCOL_VERSION),
    id: RequestIdSchema,
    op: z.literal(op),
    ...shape,
  });

const SCHEMAS = {
  ping: request('ping', {}),
  run: request('run', { code: text, options, functions, numbers }),
  create: request('create', { options, functions }),
  eval: request('eval', { handle, code: text, numbers }),
  setVariable: request('setVariable', { handle, name: text, value: anyValue, numbers }),
  dispose: request('dispose', { handle }),
  defineFunction: request('defineFunction', { handle, name: text }),
  // The client's answer to a call line: `value` or `error`, not both (checked by the handler).
  return: request('return', {
    callId: z
      .number({ error: expected('a call id') })
      .int()
      .nonnegative(),
    value: z.custom<unknown>().optional(),
    error: z.strictObject({ name: z.string().max(1024), message: z.string() }).optional(),
  }),
};

export type Op = keyof typeof SCHEMAS;
export const OPS = Object.keys(SCHEMAS) as Op[];
export type Request = { [K in Op]: z.output<(typeof SCHEMAS)[K]> }[Op];

export type ParsedLine =
  { ok: true; request: Request } | { ok: false; id: RequestId | null; error: BunkerError };

export function parseRequest(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return refuse(null, protocolError(`the line is not JSON (${(error as Error).message})`));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return refuse(null, protocolError('a request must be a JSON object'));
  const fields = raw as Record<string, unknown>;
  const id = RequestIdSchema.safeParse(fields.id);
  if (!id.success)
    return refuse(
      null,
      invalid(`field "id" ${expected('a string or a number')({ input: fields.id })}`),
    );
  if (fields.v !== SERVER_PROTOCOL_VERSION) {
    const got = fields.v === undefined ? 'no "v"' : `"v":${JSON.stringify(fields.v)}`;
    return refuse(
      id.data,
      protocolError(`unsupported protocol version (${got}); this server speaks "v":1`),
    );
  }
  const op = fields.op;
  if (typeof op !== 'string' || !Object.hasOwn(SCHEMAS, op))
    return refuse(
      id.data,
      invalid(`unknown op ${JSON.stringify(op) ?? 'undefined'}; expected one of ${OPS.join(', ')}`),
    );
  const parsed = SCHEMAS[op as Op].safeParse(raw);
  if (!parsed.success) return refuse(id.data, invalid(`${op}: ${describeIssues(parsed.error)}`));
  return { ok: true, request: parsed.data };
}

/**
 * The id of a line too long to parse, read from its first bytes when it comes first (after "v"
 * and "op" at most), as every client in this repository writes it. Null otherwise.
 */
export function sniffId(prefix: string): RequestId | null {
  const match =
    /^\s*\{(?:\s*"(?:v|op)"\s*:\s*(?:\d+|"\w*")\s*,)*\s*"id"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.){0,256}")\s*[,}]/.exec(
      prefix,
    );
  if (!match) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(match[1]!);
  } catch {
    // The pattern admits strings JSON refuses ("\x", a raw tab): no id, not a crash.
    return null;
  }
  const id = RequestIdSchema.safeParse(raw);
  return id.success ? id.data : null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : `field "${issue.path.join('.')}" ${issue.message}`,
    )
    .join('; ');
}

const refuse = (id: RequestId | null, error: BunkerError): ParsedLine => ({ ok: false, id, error });
const invalid = (message: string) => new ArgumentError(message, 'INVALID_ARGUMENT');
const protocolError = (message: string) => new SandboxError('PROTOCOL_ERROR', message);
