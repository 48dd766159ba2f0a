/**
 * mquickjs-ruby's `fetch(url, {method, body, headers})` (the mquickjs dialect): synchronous, and
 * answered with a plain `{status, statusText, ok, body, headers}`. It sends the same fetch frame
 * as the standard fetch and blocks until the host's broker answers it (channel.ts), so every
 * policy of the broker applies and the request is on record. Unlike mquickjs, the response
 * headers are given, and redirects come back as they are (302 with its Location), as mquickjs
 * returns them: `redirect: 'manual'`.
 */
import { MAX_FETCH_BODY_BYTES } from '../protocol/frames.js';
import { fetchHost } from './channel.js';
import type { GuestFetch } from './fetch.js';

export interface SyncResponse {
  status: number;
  statusText: string;
  ok: boolean;
  body: string;
  /** Lowercase names; the realm builds its own object from them (bootstrap.ts). */
  headers: [string, string][];
}

/** The same names as the standard fetch's failures: the guest realm rebuilds them (bootstrap). */
function httpError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** JavaScript's String(), which mquickjs applies to the method and the body. */
const text = (value: unknown): string => String(value);

export function syncFetch(fetcher: GuestFetch, url: unknown, options: unknown): SyncResponse {
  const init = (typeof options === 'object' && options !== null ? options : {}) as {
    method?: unknown;
    body?: unknown;
    headers?: unknown;
  };
  const method = init.method === undefined ? 'GET' : text(init.method).toUpperCase();
  // As in mquickjs, the body is coerced to a string (an object is "[object Object]").
  const body = init.body === undefined || init.body === null ? null : Buffer.from(text(init.body));
  if (body !== null && body.byteLength > MAX_FETCH_BODY_BYTES)
    throw httpError('HTTPLimitError', `request body of ${body.byteLength} bytes is too large`);
  const headers =
    init.headers === undefined
      ? []
      : [...new Headers(init.headers as ConstructorParameters<typeof Headers>[0])];
  const { id, fetchId } = fetcher.reserve();
  const reply = fetchHost({
    type: 'fetch',
    id,
    fetchId,
    method,
    url: String(url),
    headers,
    body: body === null ? null : body.toString('base64'),
    redirect: 'manual',
  });
  if (!reply.ok) throw httpError(reply.error.name, reply.error.message);
  const { status, statusText, headers: answered, body: bytes } = reply.response;
  return {
    status,
    statusText,
    ok: status >= 200 && status <= 299,
    body: bytes === null ? '' : Buffer.from(bytes, 'base64').toString('utf8'),
    headers: answered,
  };
}
