/**
 * One HTTP exchange with an address the policy already vetted: the socket goes to that address
 * (no lookup happens here), the Host header and TLS SNI name the URL's host. The body is
 * counted while it streams, before and after decompression, and the connection is cut the
 * moment it passes the limit: nothing is buffered beyond it.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { BrokerFailure, limitExceeded, requestFailed } from './failure.js';
import type { TargetUrl } from './url.js';

export interface HopRequest {
  target: TargetUrl;
  /** The vetted address to connect to. */
  address: string;
  method: string;
  /** Checked and cleaned by the policy; Host and Content-Length are set here. */
  headers: readonly [string, string][];
  body: Buffer | null;
  /** Extra PEM authorities, trusted besides Node's bundled roots. */
  ca: readonly string[];
  maxResponseBytes: number;
  /** Aborting it cuts the exchange; its reason (a BrokerFailure) is what the hop rejects with. */
  signal: AbortSignal;
}

export interface HopResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** Decoded body; null for HEAD and null-body statuses. */
  body: Buffer | null;
}

/** Statuses whose responses have no body (and for which a Response refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

export function sendHop(hop: HopRequest): Promise<HopResponse> {
  const { target, address, method, body, signal } = hop;
  return new Promise<HopResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: BrokerFailure) => {
      if (settled) return;
      settled = true;
      request.destroy();
      reject(error);
    };
    const onAbort = () =>
      fail(signal.reason instanceof BrokerFailure ? signal.reason : requestFailed('aborted'));
    if (signal.aborted) return onAbort();

    const headers: [string, string][] = [...hop.headers, ['host', target.url.host]];
    if (body !== null) headers.push(['content-length', String(body.byteLength)]);
    const family = address.includes(':') ? 6 : 4;
    // `host` is an address, so Node connects without a lookup; this pins any lookup there is.
    const lookup: LookupFunction = (_name, options, callback) =>
      options.all ? callback(null, [{ address, family }]) : callback(null, address, family);
    const options: https.RequestOptions = {
      host: address,
      family,
      lookup,
      port: target.port,
      method,
      path: target.url.pathname + target.url.search,
      headers: headers.flat(),
      setHost: false,
      agent: false,
      servername: target.isIp ? undefined : target.host,
      ca: hop.ca.length > 0 ? [...rootCertificates, ...hop.ca] : undefined,
    };
    const request = (target.scheme === 'https' ? https : http).request(options);
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('close', () => signal.removeEventListener('abort', onAbort));
    let connected = false;
    request.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code === undefined ? '' : ` (${error.code})`;
      fail(
        new BrokerFailure('HTTPError', `${target.url.origin}: ${error.message}${code}`, !connected),
      );
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const head = {
        status,
        statusText: response.statusMessage ?? '',
        headers: pairs(response.rawHeaders),
      };
      if (method === 'HEAD' || NULL_BODY.has(status)) {
        response.resume();
        settled = true;
        resolve({ ...head, body: null });
        return;
      }
      readBody(response, hop.maxResponseBytes, fail, (decoded) => {
        settled = true;
        resolve({ ...head, body: decoded });
      });
    });
    request.end(body ?? undefined);
  });
}

/**
 * Streams the body through its decoder, counting both sides. The raw side may run a little ahead
 * of the decoded one (gzip framing), never far: a body whose wire size passes twice the limit is
 * cut too, whatever it decodes to.
 */
function readBody(
  response: http.IncomingMessage,
  limit: number,
  fail: (error: BrokerFailure) => void,
  done: (body: Buffer) => void,
): void {
  const decoder = decoderFor(response.headers['content-encoding']);
  const rawLimit = 2 * limit + 64 * 1024;
  let raw = 0;
  const tooLarge = () =>
    fail(limitExceeded(`the response body is larger than maxResponseBytes (${limit} bytes)`));
  response.on('data', (chunk: Buffer) => {
    raw += chunk.byteLength;
    if (raw > rawLimit) tooLarge();
  });
  const source: Readable = decoder ? response.pipe(decoder) : response;
  const chunks: Buffer[] = [];
  let size = 0;
  source.on('data', (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size > limit) {
      decoder?.destroy();
      return tooLarge();
    }
    chunks.push(chunk);
  });
  decoder?.on('error', (error) =>
    fail(requestFailed(`the response body could not be decoded: ${error.message}`)),
  );
  const cut = () => fail(requestFailed('the server closed the connection before the body ended'));
  response.on('error', cut);
  response.on('close', () => {
    if (!response.complete) cut();
  });
  source.on('end', () => done(Buffer.concat(chunks, size)));
}

/** Decoders for the encodings bunker asks for; any other encoding passes through undecoded. */
function decoderFor(encoding: string | undefined) {
  // zlib emits its output in 16 KiB chunks, so the count stops a bomb within one chunk.
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

function pairs(raw: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) result.push([raw[i]!, raw[i + 1]!]);
  return result;
}
