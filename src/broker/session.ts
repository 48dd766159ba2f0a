/**
 * The broker's side of one eval: answers the guest's fetch frames, counts them against
 * `maxRequests`, bounds each by `requestTimeoutMs`, records every attempt, and cuts whatever is
 * still in flight when the eval ends.
 */
import type { HttpPolicy } from '../http-options.js';
import type {
  FetchAbortFrame,
  FetchErrorName,
  FetchFrame,
  FetchReply,
  FetchReplyFrame,
} from '../protocol/frames.js';
import { PROTOCOL_VERSION } from '../protocol/frames.js';
import { Broker, type BrokerResponse } from './broker.js';
import { BrokerFailure, requestFailed } from './failure.js';
import type { RequestRecord } from './record.js';
import { BrokerRefusal } from './refusal.js';
import type { Resolver } from './resolver.js';

/**
 * Requests of one eval in flight at once; the rest wait their turn. Bounds the host's sockets
 * and buffered bodies per sandbox whatever maxRequests is.
 */
const MAX_RUNNING = 32;
/**
 * Records kept per eval. A script refused again and again (fetch off, or past maxRequests) is
 * not sent anywhere, but its attempts must not grow the host's memory without bound either.
 */
export const MAX_RECORDS = 1000;
/**
 * fetch calls per eval, answered or not, before the run is ended. Each is answered, and a guest
 * that writes frames without reading the answers would otherwise grow the host's memory for as
 * long as the eval lasts. No honest script comes near it: maxRequests stops sending long before.
 */
export const MAX_FETCH_CALLS = 10_000;

const brokers = new WeakMap<HttpPolicy, Broker>();

/** One broker per policy object: its pipeline is built once and reused by every eval. */
function brokerFor(policy: HttpPolicy, resolver?: Resolver): Broker {
  if (resolver !== undefined) return new Broker(policy, resolver);
  let broker = brokers.get(policy);
  if (!broker) brokers.set(policy, (broker = new Broker(policy)));
  return broker;
}

export class FetchSession {
  readonly requests: RequestRecord[] = [];
  private started = 0;
  private running = 0;
  private readonly queued: (() => void)[] = [];
  private closed = false;
  /** Every fetchId this eval used: the guest runtime never repeats one. */
  private readonly seen = new Set<number>();
  private readonly inflight = new Map<number, AbortController>();

  /**
   * `policy` undefined: fetch is off. `guest.reply` answers a fetch; `guest.violation` is told
   * when the frames break the protocol (the caller ends the run). `resolver` replaces the system
   * resolver (tests).
   */
  constructor(
    private readonly policy: HttpPolicy | undefined,
    private readonly guest: {
      reply: (frame: FetchReplyFrame) => void;
      violation: (detail: string) => void;
    },
    private readonly resolver?: Resolver,
  ) {}

  handle(frame: FetchFrame | FetchAbortFrame): void {
    if (frame.type === 'fetchAbort') {
      this.inflight.get(frame.fetchId)?.abort(requestFailed('aborted by the script'));
      return;
    }
    // A repeated id would let a forged frame take over a request's place, and with it the
    // means to cut it when the eval ends.
    if (this.seen.has(frame.fetchId))
      return this.guest.violation(`the guest reused fetchId ${frame.fetchId}`);
    if (this.seen.size >= MAX_FETCH_CALLS)
      return this.guest.violation(
        `the script made more than ${MAX_FETCH_CALLS} fetch calls in one eval`,
      );
    this.seen.add(frame.fetchId);
    const refuse = (name: FetchErrorName, message: string, fields: Partial<RequestRecord>) => {
      this.record({ method: frame.method, url: frame.url, ...fields });
      this.answer(frame.fetchId, { ok: false, error: { name, message } });
    };
    const { policy } = this;
    if (policy === undefined || this.closed)
      return refuse('HTTPBlockedError', 'fetch is not enabled (no http option was given)', {
        blocked: 'disabled',
      });
    if (this.started >= policy.maxRequests) {
      const message = `more than maxRequests (${policy.maxRequests}) fetches in one eval`;
      return refuse('HTTPLimitError', message, { error: `HTTPLimitError: ${message}` });
    }
    this.started++;
    const body = frame.body === null ? null : Buffer.from(frame.body, 'base64');
    if (body !== null && body.byteLength > policy.maxRequestBytes) {
      const message = `the request body (${body.byteLength} bytes) is larger than maxRequestBytes (${policy.maxRequestBytes})`;
      return refuse('HTTPLimitError', message, { error: `HTTPLimitError: ${message}` });
    }
    const controller = new AbortController();
    this.inflight.set(frame.fetchId, controller);
    const request = { ...frame, method: frame.method.toUpperCase(), body };
    const start = () => {
      this.running++;
      const timer = setTimeout(
        () =>
          controller.abort(
            requestFailed(
              `the request took longer than requestTimeoutMs (${policy.requestTimeoutMs} ms)`,
            ),
          ),
        policy.requestTimeoutMs,
      );
      const broker = brokerFor(policy, this.resolver);
      untilAborted(
        broker.fetch(request, controller.signal, (entry) => this.record(entry)),
        controller.signal,
      )
        .then(
          (response) => this.answer(frame.fetchId, { ok: true, response: wire(response) }),
          (error: unknown) => this.answer(frame.fetchId, { ok: false, error: asGuestError(error) }),
        )
        .finally(() => {
          clearTimeout(timer);
          if (this.inflight.get(frame.fetchId) === controller) this.inflight.delete(frame.fetchId);
          this.running--;
          if (!this.closed) this.queued.shift()?.();
        });
    };
    if (this.running < MAX_RUNNING) start();
    else this.queued.push(start);
  }

  /** The eval ended: nothing more is answered, and requests in flight are cut. */
  close(): void {
    this.closed = true;
    this.queued.length = 0;
    for (const controller of this.inflight.values())
      controller.abort(requestFailed('the eval ended'));
    this.inflight.clear();
  }

  private record(fields: Partial<RequestRecord> & Pick<RequestRecord, 'method' | 'url'>): void {
    if (this.closed || this.requests.length >= MAX_RECORDS) return;
    const { method, url, ...rest } = fields;
    this.requests.push({
      method,
      url,
      status: null,
      durationMs: 0,
      requestBytes: 0,
      responseBytes: 0,
      ...rest,
    });
  }

  private answer(fetchId: number, body: FetchReply): void {
    if (this.closed) return;
    this.guest.reply({ v: PROTOCOL_VERSION, type: 'fetchReply', fetchId, ...body });
  }
}

/** Rejects with the abort reason as soon as the signal fires, even mid-resolution. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function wire(response: BrokerResponse) {
  return {
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    redirected: response.redirected,
    headers: response.headers,
    body: response.body === null ? null : response.body.toString('base64'),
  };
}

function asGuestError(error: unknown): { name: FetchErrorName; message: string } {
  if (error instanceof BrokerRefusal) return { name: 'HTTPBlockedError', message: error.message };
  if (error instanceof BrokerFailure) return { name: error.kind, message: error.message };
  return { name: 'HTTPError', message: error instanceof Error ? error.message : String(error) };
}
