/**
 * The host's side of host functions (issue 14) for one eval: each call frame is checked (a name
 * of this run's, arguments the codec reads, no second call while one waits), counted against
 * maxHostCalls, and answered with the function's value (awaited) or the error it threw. Policy
 * is here, not in the guest: a guest that escaped its realm can send any frame, and learns only
 * what the functions it was given return.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FunctionTable } from '../functions.js';
import type { CallFrame, CallReply, CallReplyFrame } from '../protocol/frames.js';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/frames.js';
import { decodeValue, encodeValue } from '../protocol/values.js';

/** Longest error message sent back to the script; the rest is cut. */
const MAX_MESSAGE_CHARS = 64 * 1024;

/** Whose host function is running: a Sandbox may not be asked to eval from inside its own. */
interface Scope {
  owner: object;
  settled: boolean;
}
const scope = new AsyncLocalStorage<Scope>();

/** Whether the code running now was called by a host function of `owner` that has not returned. */
export function insideHostFunctionOf(owner: object): boolean {
  const current = scope.getStore();
  return current !== undefined && current.owner === owner && !current.settled;
}

export interface HostCallIo {
  reply: (frame: CallReplyFrame) => void;
  violation: (detail: string) => void;
}

export class HostCalls {
  /** Calls that reached a host function (result.stats.hostCalls). */
  calls = 0;
  private attempts = 0;
  private waiting = false;
  private closed = false;

  constructor(
    private readonly functions: FunctionTable,
    private readonly maxHostCalls: number,
    /** The Sandbox (or run) the functions belong to. */
    private readonly owner: object,
    private readonly io: HostCallIo,
  ) {}

  handle(frame: CallFrame): void {
    const fn = this.functions.get(frame.name);
    if (fn === undefined)
      return this.io.violation(
        `the guest called ${JSON.stringify(frame.name)}, which is not a host function of this run`,
      );
    if (this.waiting)
      return this.io.violation('the guest called again before its last call was answered');
    let args: unknown;
    try {
      args = decodeValue(frame.args);
    } catch (error) {
      return this.io.violation(`the guest sent undecodable call arguments: ${String(error)}`);
    }
    if (!Array.isArray(args))
      return this.io.violation('the guest sent call arguments that are not a list');
    this.waiting = true;
    if (++this.attempts > this.maxHostCalls)
      return this.answer(frame.callId, {
        ok: false,
        error: {
          name: 'HostCallLimitError',
          message: `${frame.name}(): more than maxHostCalls (${this.maxHostCalls}) calls to host functions in one eval`,
        },
      });
    this.calls++;
    void this.invoke(frame, fn, args);
  }

  /** The eval is over: an answer that comes later goes nowhere. */
  close(): void {
    this.closed = true;
  }

  private async invoke(frame: CallFrame, fn: (...args: never[]) => unknown, args: unknown[]) {
    const current: Scope = { owner: this.owner, settled: false };
    let reply: CallReply;
    try {
      const value = await scope.run(current, () => fn(...(args as never[])));
      reply = encodeReply(frame.name, value);
    } catch (error) {
      reply = { ok: false, error: { name: 'HostFunctionError', message: messageOf(error) } };
    } finally {
      current.settled = true;
    }
    this.answer(frame.callId, reply);
  }

  private answer(callId: number, reply: CallReply): void {
    this.waiting = false;
    if (this.closed) return;
    this.io.reply({ v: PROTOCOL_VERSION, type: 'callReply', callId, ...reply });
  }
}

/** The value as the wire carries it, or the HostFunctionError that says why it cannot cross. */
function encodeReply(name: string, value: unknown): CallReply {
  let encoded: unknown;
  try {
    encoded = encodeValue(value);
  } catch (error) {
    return {
      ok: false,
      error: {
        name: 'HostFunctionError',
        message: `${name}() returned a value that cannot be copied: ${messageOf(error)}`,
      },
    };
  }
  const bytes = Buffer.byteLength(JSON.stringify(encoded) ?? '');
  if (bytes > MAX_FRAME_BYTES - 1024)
    return {
      ok: false,
      error: {
        name: 'HostFunctionError',
        message: `${name}() returned ${bytes} bytes encoded, more than the ${MAX_FRAME_BYTES - 1024}-byte limit`,
      },
    };
  return { ok: true, value: encoded };
}

/** The message only: a host stack or file path never reaches the script. */
function messageOf(error: unknown): string {
  let message: string;
  try {
    message =
      typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : String(error);
  } catch {
    message = 'the host function failed';
  }
  return message.length > MAX_MESSAGE_CHARS ? message.slice(0, MAX_MESSAGE_CHARS) : message;
}
