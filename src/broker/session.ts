/**
 * The broker's side of one eval: answers the guest's fetch frames, counts them against
 * `maxRequests`, bounds each by `requestTimeoutMs`, records every attempt, and cuts whatever is
 * still in flight when the eval ends (and records it as cut).
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
import {
  Broker,
  describe,
  type BrokerRequest,
  type BrokerResponse,
  type LoggedHop,
} from './broker.js';
import { dnsResolver } from './dns.js';
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
 * Records kept per eval of requests that never reached the network (refused, over a limit, not
 * resolved, cut before connecting): a script refused again and again is sent nowhere, but its
 * attempts must not grow the host's memory without bound either. Past it they are counted in
 * `omitted`. Requests that did reach the network are always kept: maxRequests, maxRedirects and
 * MAX_FETCH_CALLS bound them.
 */
export const MAX_UNSENT_RECORDS = 1000;
/**
 * fetch calls per eval, answered or not, before the run is ended. Each is answered, and a guest
 * that writes frames without reading the answers would otherwise grow the host's memory for as
 * long as the eval lasts. No honest script comes near it: maxRequests stops sending long before.
 */
export const MAX_FETCH_CALLS = 10_000;

/** The record of a hop the end of the eval cut. */
export const CUT_AT_EVAL_END = 'HTTPError: cut when the eval ended';

/** One fetch the session accepted, from its place in the queue until it is answered. */
interface Flight {
  method: string;
  url: string;
  controller: AbortController;
  /** Set while it waits its turn: starts it. */
  start?: () => void;
  /** Set while a hop runs: that hop as it stands. */
  hop?: () => LoggedHop;
}

export class FetchSession {
  readonly requests: RequestRecord[] = [];
  /** Records left out of `requests` (see MAX_UNSENT_RECORDS). */
  omitted = 0;
  private unsentKept = 0;
  private started = 0;
  private running = 0;
  private closed = false;
  /** Every fetchId this eval used: the guest runtime never repeats one. */
  private readonly seen = new Set<number>();
  /** Accepted and not yet answered, queued ones included, in arrival order. */
  private readonly flights = new Map<number, Flight>();
  private readonly broker: Broker | undefined;

  /**
   * `policy` undefined: fetch is off. `guest.reply` answers a fetch; `guest.violation` is told
   * when the frames break the protocol (the caller ends the run). `resolver` replaces DNS
   * (tests); either way this eval's lookups are bounded (dns.ts).
   */
  constructor(
    private readonly policy: HttpPolicy | undefined,
    private readonly guest: {
      reply: (frame: FetchReplyFrame) => void;
      violation: (detail: string) => void;
    },
    resolver: Resolver = dnsResolver(),
  ) {
    this.broker = policy === undefined ? undefined : new Broker(policy, resolver);
  }

  handle(frame: FetchFrame | FetchAbortFrame): void {
    if (frame.type === 'fetchAbort') return this.abort(frame.fetchId);
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
      this.recordUnsent({ method: frame.method, url: frame.url, ...fields });
      this.answer(frame.fetchId, { ok: false, error: { name, message } });
    };
    const { policy, broker } = this;
    if (policy === undefined || broker === undefined || this.closed)
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
    const method = frame.method.toUpperCase();
    const flight: Flight = { method, url: frame.url, controller: new AbortController() };
    this.flights.set(frame.fetchId, flight);
    const start = () =>
      this.send(frame.fetchId, flight, { ...frame, method, body }, policy, broker);
    if (this.running < MAX_RUNNING) start();
    else flight.start = start;
  }

  /** Runs one accepted fetch through the broker, within requestTimeoutMs, and answers it. */
  private send(
    fetchId: number,
    flight: Flight,
    request: BrokerRequest,
    policy: HttpPolicy,
    broker: Broker,
  ): void {
    flight.start = undefined;
    this.running++;
    const { controller } = flight;
    const timer = setTimeout(
      () =>
        controller.abort(
          requestFailed(
            `the request took longer than requestTimeoutMs (${policy.requestTimeoutMs} ms)`,
          ),
        ),
      policy.requestTimeoutMs,
    );
    const log = {
      begin: (sofar: () => LoggedHop) => (flight.hop = sofar),
      end: ({ record, sent }: LoggedHop) => {
        flight.hop = undefined;
        if (!this.closed) this.record(record, sent);
      },
    };
    const fetching = broker.fetch(request, controller.signal, log);
    untilAborted(fetching, controller.signal)
      .then(
        (response) => this.answer(fetchId, { ok: true, response: wire(response) }),
        (error: unknown) => this.answer(fetchId, { ok: false, error: asGuestError(error) }),
      )
      .finally(() => {
        clearTimeout(timer);
        this.running--;
        if (!this.closed) this.startNext();
      });
    // A fetch answered because it was cut (requestTimeoutMs, the script's abort) is still
    // winding down: it stays a flight until its hop is on record, so that an eval ending in
    // between records it (close) rather than losing it.
    void fetching
      .catch(() => {})
      .finally(() => {
        if (this.flights.get(fetchId) === flight) this.flights.delete(fetchId);
      });
  }

  /**
   * The eval ended: nothing more is answered, requests in flight are cut and recorded as cut,
   * and those still waiting their turn are recorded as never sent.
   */
  close(): void {
    if (this.closed) return;
    for (const flight of this.flights.values()) {
      if (flight.start !== undefined)
        this.recordUnsent({
          method: flight.method,
          url: flight.url,
          error: 'HTTPError: not sent: the eval ended while it waited its turn',
        });
      else if (flight.hop !== undefined) {
        const { record, sent, resolving } = flight.hop();
        this.record({ ...record, error: cutReason(flight.controller.signal, resolving) }, sent);
      }
    }
    // Closed first: whatever the cut hops report afterwards is already on record.
    this.closed = true;
    for (const flight of this.flights.values())
      flight.controller.abort(requestFailed('the eval ended'));
    this.flights.clear();
  }

  /** The script aborted a fetch: a queued one is dropped before anything is asked or sent. */
  private abort(fetchId: number): void {
    const flight = this.flights.get(fetchId);
    if (flight === undefined) return;
    const reason = requestFailed('aborted by the script');
    if (flight.start !== undefined) {
      this.flights.delete(fetchId);
      this.recordUnsent({ method: flight.method, url: flight.url, error: describe(reason) });
      this.answer(fetchId, { ok: false, error: asGuestError(reason) });
      return;
    }
    flight.controller.abort(reason);
  }

  private startNext(): void {
    for (const flight of this.flights.values()) {
      if (flight.start === undefined) continue;
      return flight.start();
    }
  }

  private recordUnsent(fields: Partial<RequestRecord> & Pick<RequestRecord, 'method' | 'url'>) {
    const { method, url, ...rest } = fields;
    this.record(
      { method, url, status: null, durationMs: 0, requestBytes: 0, responseBytes: 0, ...rest },
      false,
    );
  }

  private record(record: RequestRecord, sent: boolean): void {
    if (sent) {
      this.requests.push(record);
    } else if (this.unsentKept < MAX_UNSENT_RECORDS) {
      this.unsentKept++;
      this.requests.push(record);
    } else {
      this.omitted++;
    }
  }

  private answer(fetchId: number, body: FetchReply): void {
    if (this.closed) return;
    this.guest.reply({ v: PROTOCOL_VERSION, type: 'fetchReply', fetchId, ...body });
  }
}

/**
 * Why a hop still winding down when the eval ended stopped: its own cut (requestTimeoutMs, the
 * script's abort) when it had one, else the eval's end.
 */
function cutReason(signal: AbortSignal, resolving: string | undefined): string {
  if (!signal.aborted) return CUT_AT_EVAL_END;
  const where = resolving === undefined ? '' : ` (while resolving ${resolving})`;
  return `${describe(signal.reason)}${where}`;
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
