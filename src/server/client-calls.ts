/**
 * Host functions over the stdio server (docs/protocol.md, "Host functions"): the functions live in
 * the client (the Ruby gem), so a call is a line to the client, `{"v":1,"type":"call",…}`, and
 * its answer a `return` request. The client's function runs while the script waits, blocked,
 * inside the sandbox; the sandbox's timeoutMs bounds the whole call.
 */
import { ArgumentError } from '../errors.js';
import type { HostFunction } from '../functions.js';
import { toJSONValue, wellFormed } from '../protocol/values-json.js';
import { SERVER_PROTOCOL_VERSION, type RequestId } from './protocol.js';

interface Waiting {
  requestId: RequestId;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** What a `return` request carries: the function's value, or the error it raised. */
export type Return =
  { callId: number; value: unknown } | { callId: number; error: { name: string; message: string } };

export class ClientCalls {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly send: (line: string) => void) {}

  /**
   * Stand-ins for the client's functions `names`; `requestId` names the request (the run, or the
   * Sandbox's eval in progress) a call belongs to, so that the client hands it to its caller.
   */
  functions(names: readonly string[], requestId: () => RequestId): Record<string, HostFunction> {
    return Object.fromEntries(names.map((name) => [name, this.stub(name, requestId)]));
  }

  stub(name: string, requestId: () => RequestId): HostFunction {
    return (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const callId = this.nextId++;
        const id = requestId();
        // The arguments as the client's JSON sees any value (docs/values.md), within the line limit.
        const line = JSON.stringify({
          v: SERVER_PROTOCOL_VERSION,
          type: 'call',
          id,
          callId,
          name,
          args: toJSONValue(args),
        });
        this.waiting.set(callId, { requestId: id, resolve, reject });
        this.send(line);
      });
  }

  /** A `return` request; ArgumentError when no call with that id waits. */
  settle(answer: Return): void {
    const waiting = this.waiting.get(answer.callId);
    if (!waiting)
      throw new ArgumentError(
        `return: no call ${answer.callId} is waiting (answered already, or its eval has ended)`,
        'INVALID_ARGUMENT',
      );
    this.waiting.delete(answer.callId);
    if ('error' in answer) {
      const error = new Error(wellFormed(String(answer.error.message)));
      error.name = String(answer.error.name);
      return waiting.reject(error);
    }
    waiting.resolve(answer.value);
  }

  /**
   * The request has its answer (its eval ended, a timeout included): its calls still waiting are
   * forgotten, and a `return` for one of them is refused.
   */
  forget(requestId: RequestId): void {
    for (const [callId, waiting] of this.waiting)
      if (waiting.requestId === requestId) {
        this.waiting.delete(callId);
        waiting.reject(new Error('the eval has ended'));
      }
  }

  /** The server is closing: every call still waiting fails (its eval is being disposed). */
  close(): void {
    for (const waiting of this.waiting.values())
      waiting.reject(new Error('the server is shutting down'));
    this.waiting.clear();
  }
}
