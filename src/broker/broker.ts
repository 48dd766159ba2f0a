/**
 * One fetch through the policy: each hop goes through the whole pipeline (pipeline.ts), and the
 * broker follows redirects itself so that every hop is checked like a new request. Each hop is
 * recorded, allowed or not.
 */
import type { HttpPolicy } from '../http-options.js';
import { BrokerFailure, limitExceeded, requestFailed } from './failure.js';
import { hopPipeline, type Handler } from './pipeline.js';
import type { RequestRecord } from './record.js';
import { BrokerRefusal } from './refusal.js';
import type { Resolver } from './resolver.js';
import type { HopProgress, HopResponse } from './transport.js';
import { normalizeUrl, type TargetUrl } from './url.js';

export interface BrokerRequest {
  method: string;
  url: string;
  headers: readonly [string, string][];
  body: Buffer | null;
  redirect: 'follow' | 'manual' | 'error';
}

export interface BrokerResponse extends HopResponse {
  /** The URL of the last hop. */
  url: string;
  redirected: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the origin: credentials are for the origin they were sent to. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);
/** Dropped when a redirect turns the request into a GET without a body. */
const BODY_HEADERS = new Set([
  'content-type',
  'content-encoding',
  'content-language',
  'content-location',
]);

/** How the broker tells its caller about each hop, so that every hop is on record. */
export interface HopLog {
  /** A hop starts; `sofar()` describes it as it stands, for an eval that ends before it does. */
  begin(sofar: () => LoggedHop): void;
  /** The hop ended, allowed or not. */
  end(hop: LoggedHop): void;
}

export interface LoggedHop {
  record: RequestRecord;
  /** A connection to the target was attempted: the request may have reached it. */
  sent: boolean;
  /** The name the hop was looking up when this was taken, if it was. */
  resolving?: string;
}

export class Broker {
  private readonly handler: Handler;

  constructor(
    private readonly policy: HttpPolicy,
    resolver: Resolver,
  ) {
    this.handler = hopPipeline(policy, resolver);
  }

  async fetch(request: BrokerRequest, signal: AbortSignal, log: HopLog): Promise<BrokerResponse> {
    let { method, headers, body } = request;
    let url = request.url;
    let base: string | undefined;
    for (let redirects = 0; ; redirects++) {
      const started = performance.now();
      const progress: HopProgress = { sent: false, status: null };
      const logged = (fields: Partial<RequestRecord>): LoggedHop => ({
        record: {
          method,
          url,
          status: progress.status,
          durationMs: performance.now() - started,
          requestBytes: progress.sent ? (body?.byteLength ?? 0) : 0,
          responseBytes: 0,
          ...fields,
        },
        sent: progress.sent,
        resolving: progress.resolving,
      });
      log.begin(() => logged({}));
      let target: TargetUrl;
      let response: HopResponse;
      try {
        target = normalizeUrl(url, base);
        url = target.url.href;
        response = await this.handler({ target, method, headers, body, signal, progress });
      } catch (error) {
        if (error instanceof BrokerRefusal) log.end(logged({ blocked: error.reason }));
        else log.end(logged({ error: describe(error) }));
        throw error;
      }
      log.end(logged({ responseBytes: response.body?.byteLength ?? 0 }));
      const location = response.headers.find(([name]) => name.toLowerCase() === 'location')?.[1];
      if (
        !REDIRECTS.has(response.status) ||
        location === undefined ||
        request.redirect === 'manual'
      )
        return { ...response, url, redirected: redirects > 0 };
      if (request.redirect === 'error')
        throw requestFailed(`${url} redirected and the request said redirect: "error"`);
      if (redirects >= this.policy.maxRedirects)
        throw limitExceeded(`more than maxRedirects (${this.policy.maxRedirects}) redirects`);

      if (crossesOrigin(location, target.url))
        headers = headers.filter(([name]) => !CREDENTIALS.has(name.toLowerCase()));
      const becomesGet =
        response.status === 303 ? method !== 'HEAD' : method === 'POST' && response.status <= 302;
      if (becomesGet) {
        method = 'GET';
        body = null;
        headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
      }
      base = url;
      url = location;
    }
  }
}

function crossesOrigin(location: string, from: URL): boolean {
  try {
    return new URL(location, from).origin !== from.origin;
  } catch {
    return true;
  }
}

/** How a failure reads in a record: `HTTPError: …`. */
export function describe(error: unknown): string {
  if (error instanceof BrokerFailure) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
