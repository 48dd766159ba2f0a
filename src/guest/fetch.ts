/**
 * The guest's `fetch`: the standard API on the outside, a request to the host's broker inside.
 * Nothing here decides policy; the host checks every request again whatever this side sends.
 * A fetch counts as pending work, like a timer: the eval ends after it settles.
 */
import type { FetchReplyFrame } from '../protocol/frames.js';
import { MAX_FETCH_BODY_BYTES } from '../protocol/frames.js';
import { send } from './channel.js';
import { PendingWork } from './pending.js';

interface Waiting {
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

export class GuestFetch {
  /** The eval that requests belong to; set when each eval starts. */
  evalId = 0;
  private nextId = 1;
  private readonly waiting = new PendingWork<Waiting>();

  get pending(): number {
    return this.waiting.pending;
  }

  /** Resolves once no fetch is waiting for its answer. */
  idle(): Promise<void> {
    return this.waiting.idle();
  }

  /**
   * A new eval starts: fetches left over from a failed one will never be answered by the host
   * (it ended them), so they fail now rather than hold up this eval.
   */
  begin(evalId: number): void {
    this.evalId = evalId;
    for (const fetchId of this.waiting.ids())
      this.waiting
        .take(fetchId)
        ?.reject(httpError('HTTPError', 'the eval that started this fetch has ended'));
  }

  /**
   * The realm that started the waiting fetches is gone: they are forgotten, never settled, so
   * none of that realm's code runs again (the host already cut them when its run ended).
   */
  abandon(): void {
    for (const fetchId of this.waiting.ids()) this.waiting.take(fetchId);
  }

  /** The ids of a new fetch of the running eval (sync-fetch.ts sends its own frame). */
  reserve(): { id: number; fetchId: number } {
    return { id: this.evalId, fetchId: this.nextId++ };
  }

  readonly fetch = async (input: unknown, init?: unknown): Promise<Response> => {
    const request = new Request(input as string | Request, init as RequestInit | undefined);
    const signal = request.signal;
    signal.throwIfAborted();
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
    if (body !== null && body.byteLength > MAX_FETCH_BODY_BYTES)
      throw httpError('HTTPLimitError', `request body of ${body.byteLength} bytes is too large`);
    signal.throwIfAborted();
    const fetchId = this.nextId++;
    const id = this.evalId;
    const answer = new Promise<Response>((resolve, reject) => {
      this.waiting.add(fetchId, { resolve, reject });
    });
    const onAbort = () => {
      const waiting = this.waiting.take(fetchId);
      if (!waiting) return;
      send({ type: 'fetchAbort', id, fetchId });
      waiting.reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    send({
      type: 'fetch',
      id,
      fetchId,
      method: request.method,
      url: request.url,
      headers: [...request.headers],
      body: body === null ? null : body.toString('base64'),
      redirect: request.redirect,
    });
    try {
      return await answer;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };

  /** The host's answer to one fetch. */
  settle(frame: FetchReplyFrame): void {
    const waiting = this.waiting.take(frame.fetchId);
    if (!waiting) return; // aborted meanwhile
    if (!frame.ok) return waiting.reject(httpError(frame.error.name, frame.error.message));
    const { status, statusText, headers, body, url, redirected } = frame.response;
    let response: Response;
    try {
      response = new Response(body === null ? null : Buffer.from(body, 'base64'), {
        status,
        statusText,
        headers,
      });
    } catch (error) {
      return waiting.reject(httpError('HTTPError', `unusable response: ${String(error)}`));
    }
    // Response's own url/redirected are read-only and empty for constructed responses.
    Object.defineProperties(response, {
      url: { value: url, enumerable: true },
      redirected: { value: redirected, enumerable: true },
    });
    waiting.resolve(response);
  }
}

/** The guest realm rebuilds these as its own Errors (bootstrap), keeping name and message. */
function httpError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
