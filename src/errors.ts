/**
 * Every failure bunker reports is one of these classes. Callers branch on `code` (stable, machine
 * readable) or on the class; `message` is for people. The same names and codes cross the CLI's
 * `--json` output and the stdio protocol.
 */
import type { RequestRecord } from './broker/record.js';

/** Machine-readable reason; finer than the class name. */
export type ErrorCode =
  | 'SYNTAX_ERROR'
  | 'JAVASCRIPT_ERROR'
  | 'WALL_TIMEOUT'
  | 'CPU_TIMEOUT'
  | 'MEMORY_LIMIT'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'SANDBOX_UNAVAILABLE'
  | 'SANDBOX_START_FAILED'
  | 'SANDBOX_CRASHED'
  | 'SANDBOX_CLOSED'
  | 'PROTOCOL_ERROR'
  | 'PROCESS_LIMIT'
  | 'QUEUE_FULL'
  | 'TOO_MANY_SANDBOXES'
  | 'UNAUTHORIZED'
  | 'HTTP_BLOCKED'
  | 'HTTP_LIMIT'
  | 'HTTP_ERROR'
  | 'HOST_CALL_LIMIT'
  | 'REENTRANT_EVAL';

export type ErrorName =
  | 'SyntaxError'
  | 'JavaScriptError'
  | 'TimeoutError'
  | 'MemoryLimitError'
  | 'ArgumentError'
  | 'SandboxError'
  | 'HTTPBlockedError'
  | 'HTTPLimitError'
  | 'HTTPError'
  | 'HostCallLimitError';

/** The plain-data form of an error: what `--json` prints and what crosses process boundaries. */
export interface ErrorInfo {
  name: ErrorName;
  code: ErrorCode;
  message: string;
  /** The guest's stack for SyntaxError/JavaScriptError; absent otherwise. */
  stack?: string;
}

export interface ErrorContext {
  /** Console output captured before the failure. */
  console?: string;
  consoleTruncated?: boolean;
  /** Every fetch the script attempted before the failure. */
  requests?: readonly RequestRecord[];
  /** Records left out of `requests` (see Trace.requestsOmitted). */
  requestsOmitted?: number;
  cause?: unknown;
}

/** Base class of every error bunker throws. */
export class BunkerError extends Error {
  override readonly name: ErrorName = 'SandboxError';
  readonly code: ErrorCode;
  /** Console output the script produced before it failed ('' when none or not applicable). */
  readonly console: string;
  readonly consoleTruncated: boolean;
  /** Every fetch the script attempted before it failed, allowed or not. */
  readonly requests: readonly RequestRecord[];
  /** Records left out of `requests`: attempts that never reached the network, past 1000. */
  readonly requestsOmitted: number;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.console = context.console ?? '';
    this.consoleTruncated = context.consoleTruncated ?? false;
    this.requests = context.requests ?? [];
    this.requestsOmitted = context.requestsOmitted ?? 0;
  }

  toJSON(): ErrorInfo {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** Errors raised by the script itself carry the guest's stack, which replaces the host's. */
abstract class GuestError extends BunkerError {
  /** The stack as the guest saw it (no host frames). */
  readonly guestStack: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    guestStack: string | undefined,
    context?: ErrorContext,
  ) {
    super(code, message, context);
    this.guestStack = guestStack;
    if (guestStack !== undefined) this.stack = guestStack;
  }

  override toJSON(): ErrorInfo {
    const info = super.toJSON();
    return this.guestStack === undefined ? info : { ...info, stack: this.guestStack };
  }
}

/** The code could not be parsed. */
export class SyntaxError extends GuestError {
  override readonly name = 'SyntaxError';
  constructor(message: string, guestStack?: string, context?: ErrorContext) {
    super('SYNTAX_ERROR', message, guestStack, context);
  }
}

/** The script threw and did not catch it. `message` keeps the original kind: `TypeError: boom`. */
export class JavaScriptError extends GuestError {
  override readonly name = 'JavaScriptError';
  constructor(message: string, guestStack?: string, context?: ErrorContext) {
    super('JAVASCRIPT_ERROR', message, guestStack, context);
  }
}

/** The wall-clock (`WALL_TIMEOUT`) or CPU-time (`CPU_TIMEOUT`) budget ran out; the process was killed. */
export class TimeoutError extends BunkerError {
  override readonly name = 'TimeoutError';
  constructor(code: 'WALL_TIMEOUT' | 'CPU_TIMEOUT', message: string, context?: ErrorContext) {
    super(code, message, context);
  }
}

/** The script used more memory than `memoryLimit`; the process was killed. */
export class MemoryLimitError extends BunkerError {
  override readonly name = 'MemoryLimitError';
  constructor(message: string, context?: ErrorContext) {
    super('MEMORY_LIMIT', message, context);
  }
}

/** An option or argument is invalid; the message names it. Nothing was run. */
export class ArgumentError extends BunkerError {
  override readonly name = 'ArgumentError';
  constructor(message: string, code: 'INVALID_OPTION' | 'INVALID_ARGUMENT' = 'INVALID_OPTION') {
    super(code, message);
  }
}

const SANDBOX_CODES = [
  'SANDBOX_UNAVAILABLE',
  'SANDBOX_START_FAILED',
  'SANDBOX_CRASHED',
  'SANDBOX_CLOSED',
  'PROTOCOL_ERROR',
  'PROCESS_LIMIT',
  'QUEUE_FULL',
  'TOO_MANY_SANDBOXES',
  'UNAUTHORIZED',
  'REENTRANT_EVAL',
] as const satisfies readonly ErrorCode[];
type SandboxErrorCode = (typeof SANDBOX_CODES)[number];

/** The sandbox could not start, broke, or was already disposed. The message says how to fix it. */
export class SandboxError extends BunkerError {
  override readonly name = 'SandboxError';
  constructor(code: SandboxErrorCode, message: string, context?: ErrorContext) {
    super(code, message, context);
  }
}

/**
 * The broker refused a fetch before sending it: fetch is off (no `http` option), or the URL,
 * method, port, address or a header is not allowed. Raised inside the guest; this class is what
 * the eval fails with when the script does not catch it.
 */
export class HTTPBlockedError extends BunkerError {
  override readonly name = 'HTTPBlockedError';
  constructor(message: string, context?: ErrorContext) {
    super('HTTP_BLOCKED', message, context);
  }
}

/** A fetch went past `maxRequests`, `maxRequestBytes`, `maxResponseBytes` or `maxRedirects`. */
export class HTTPLimitError extends BunkerError {
  override readonly name = 'HTTPLimitError';
  constructor(message: string, context?: ErrorContext) {
    super('HTTP_LIMIT', message, context);
  }
}

/** An allowed fetch failed: connection refused, TLS, `requestTimeoutMs`, a malformed response. */
export class HTTPError extends BunkerError {
  override readonly name = 'HTTPError';
  constructor(message: string, context?: ErrorContext) {
    super('HTTP_ERROR', message, context);
  }
}

/**
 * The script made more than `maxHostCalls` calls to host functions in one eval and did not catch
 * the error the call past the limit threw. The host function was not called for it.
 */
export class HostCallLimitError extends BunkerError {
  override readonly name = 'HostCallLimitError';
  constructor(message: string, context?: ErrorContext) {
    super('HOST_CALL_LIMIT', message, context);
  }
}

/** Rebuilds the typed error from its plain-data form (the explicit table the wire relies on). */
export function errorFromInfo(info: ErrorInfo, context: ErrorContext = {}): BunkerError {
  switch (info.name) {
    case 'SyntaxError':
      return new SyntaxError(info.message, info.stack, context);
    case 'JavaScriptError':
      return new JavaScriptError(info.message, info.stack, context);
    case 'TimeoutError':
      return new TimeoutError(
        info.code === 'CPU_TIMEOUT' ? 'CPU_TIMEOUT' : 'WALL_TIMEOUT',
        info.message,
        context,
      );
    case 'MemoryLimitError':
      return new MemoryLimitError(info.message, context);
    case 'ArgumentError':
      return new ArgumentError(info.message);
    case 'HTTPBlockedError':
      return new HTTPBlockedError(info.message, context);
    case 'HTTPLimitError':
      return new HTTPLimitError(info.message, context);
    case 'HTTPError':
      return new HTTPError(info.message, context);
    case 'HostCallLimitError':
      return new HostCallLimitError(info.message, context);
    case 'SandboxError':
      return new SandboxError(sandboxCode(info.code), info.message, context);
  }
}

/** An unknown code on the wire maps to the generic crash, never to a made-up one. */
function sandboxCode(code: ErrorCode): SandboxErrorCode {
  return (SANDBOX_CODES as readonly ErrorCode[]).includes(code)
    ? (code as SandboxErrorCode)
    : 'SANDBOX_CRASHED';
}
