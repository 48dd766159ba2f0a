/**
 * Frames exchanged between host and guest, one JSON object per line.
 *
 * host -> guest on the guest's stdin; guest -> host on fd 3. The guest's own stdout/stderr are
 * never parsed: whatever a script writes there (after escaping the realm) is drained and dropped.
 * Every guest frame is untrusted data: the host validates it and only ever learns "what the
 * script says about its own run" from it. Limits, timing and memory figures are measured by the
 * host. Documented in docs/protocol.md.
 */
import type { ErrorCode, ErrorName } from '../errors.js';

export const PROTOCOL_VERSION = 1;

/** Largest frame either side accepts (a result value, a setVariable value, a code string). */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

/**
 * Largest request or response body a fetch may carry: bodies cross the pipe whole, base64, in one
 * frame, so they stay well under MAX_FRAME_BYTES.
 */
export const MAX_FETCH_BODY_BYTES = 16 * 1024 * 1024;

/** The file descriptor the guest writes its frames to. */
export const GUEST_FRAME_FD = 3;

/** Fixed for the life of a guest process; sent once, first. */
export interface InitFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'init';
  allowEval: boolean;
  maxStringLength: number;
}

export interface EvalFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'eval';
  id: number;
  code: string;
  /** The script's name in stack traces and syntax errors (the `filename` option). */
  filename: string;
  typescript: boolean;
  consoleMaxBytes: number;
  /** The `dialect` option when it is not bunker's own (src/guest/dialect.ts). */
  dialect?: 'mquickjs';
  /**
   * The mquickjs dialect's timeoutMs, which the guest counts from the moment the script starts
   * (src/guest/script-deadline.ts); the host's own deadline allows for the way there.
   */
  timeoutMs?: number;
  /**
   * The eval is a whole run of a tenant's process (issue 12): once its answer is sent, the guest
   * revokes what the realm was given and opens a fresh realm for the next run.
   */
  endRealm?: true;
  /**
   * Host functions to define as globals before the code runs (dotted names, checked by the host).
   * Only the names cross: each call is a CallFrame the host answers.
   */
  functions?: string[];
}

/**
 * A tenant's Sandbox is over and its process goes back to the tenant: the guest revokes the
 * realm's capabilities and opens a fresh realm. Nothing is answered.
 */
export interface RenewRealmFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'renew';
}

export interface SetVariableFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'set';
  id: number;
  name: string;
  /** Encoded with protocol/values. */
  value: unknown;
}

/**
 * Between evals, when the guest holds over a quarter of its memoryLimit: collect garbage so that
 * freed pages go back (src/host/collect.ts). Answered like `set`, with a null result.
 */
export interface CollectFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'collect';
  id: number;
}

/** The broker's answer to one FetchFrame: the whole response, or why there is none. */
export type FetchReplyFrame = {
  v: typeof PROTOCOL_VERSION;
  type: 'fetchReply';
  fetchId: number;
} & FetchReply;

export type FetchReply =
  | { ok: true; response: FetchResponse }
  | { ok: false; error: { name: FetchErrorName; message: string } };

export type FetchErrorName = 'HTTPBlockedError' | 'HTTPLimitError' | 'HTTPError';

export interface FetchResponse {
  status: number;
  statusText: string;
  /** The URL of the last hop (after redirects). */
  url: string;
  redirected: boolean;
  headers: [string, string][];
  /** base64; null for HEAD and null-body statuses. */
  body: string | null;
}

/** The host's answer to one CallFrame: the function's value, or why there is none. */
export type CallReplyFrame = {
  v: typeof PROTOCOL_VERSION;
  type: 'callReply';
  callId: number;
} & CallReply;

export type CallReply =
  | { ok: true; /** Encoded with protocol/values. */ value: unknown }
  | { ok: false; error: { name: CallErrorName; message: string } };

/**
 * HostFunctionError: the host function threw (its message, never its stack), or its value could
 * not be copied. HostCallLimitError: the eval already made maxHostCalls calls.
 */
export type CallErrorName = 'HostFunctionError' | 'HostCallLimitError';

export type HostFrame =
  | InitFrame
  | EvalFrame
  | SetVariableFrame
  | CollectFrame
  | RenewRealmFrame
  | FetchReplyFrame
  | CallReplyFrame;

export interface ReadyFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'ready';
}

export interface ConsoleFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'console';
  id: number;
  text: string;
}

export interface ResultFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'result';
  id: number;
  /** Encoded with protocol/values. */
  value: unknown;
}

/** What the guest reports about a failure of the script; the host decides the final class. */
export interface GuestErrorInfo {
  name:
    | Extract<
        ErrorName,
        | 'SyntaxError'
        | 'JavaScriptError'
        | 'MemoryLimitError'
        | 'HostCallLimitError'
        | 'TimeoutError'
      >
    | FetchErrorName;
  code: ErrorCode;
  message: string;
  stack?: string;
}

export interface ErrorFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'error';
  id: number;
  error: GuestErrorInfo;
}

/** A fetch the script asks for: the broker in the host decides and performs it. */
export interface FetchFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'fetch';
  /** The eval it belongs to. */
  id: number;
  /** Chosen by the guest, unique within the process. */
  fetchId: number;
  method: string;
  url: string;
  headers: [string, string][];
  /** base64; null when the request has no body. */
  body: string | null;
  redirect: 'follow' | 'manual' | 'error';
}

/** The script aborted a fetch (AbortSignal); the host cuts the request. */
export interface FetchAbortFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'fetchAbort';
  id: number;
  fetchId: number;
}

/**
 * The script called a host function: the guest waits, blocked, for the CallReplyFrame (the call
 * is synchronous from the script's side; see docs/protocol.md, "Host functions").
 */
export interface CallFrame {
  v: typeof PROTOCOL_VERSION;
  type: 'call';
  /** The eval it belongs to. */
  id: number;
  /** Chosen by the guest, unique within the process. */
  callId: number;
  name: string;
  /** The arguments as one array, encoded with protocol/values. */
  args: unknown;
}

export type GuestFrame =
  ReadyFrame | ConsoleFrame | ResultFrame | ErrorFrame | FetchFrame | FetchAbortFrame | CallFrame;
