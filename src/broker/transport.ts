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
import { BrokerFailure, limitExceeded, requestFailed } from './failure.js';
import type { TargetUrl } from './url.js';

/** Filled in as a hop goes, so that a hop cut half-way can still be recorded truthfully. */
export interface HopProgress {
  /** A connection to the target was attempted: the request may have reached it. */
  sent: boolean;
  /** The response status, once its head arrived. */
  status: number | null;
  /** The name being looked up, while it is (the record says where a cut request was). */
  resolving?: string;
}

export interface HopRequest {
  progress: HopProgress;
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
const NULL_BODY = new Set([204, 205, 304]);
/** The broker never asks to switch protocols, and a Response cannot carry a 101. */
const switchedProtocols = (origin: string) =>
  requestFailed(
    `${origin} answered 101 Switching Protocols to a request that asked for no upgrade`,
  );

export function sendHop(hop: HopRequest): Promise<HopResponse> {
  const { target, address, method, body, signal } = hop;
  return new Promise<HopResponse>((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    let settled = false;
    const fail = (error: BrokerFailure) => {
      if (settled) return;
      settled = true;
      request.destroy();
      reject(error);
    };
    const onAbort = () => fail(abortReason(signal));

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
    let responded = false;
    request.on('close', () => {
      signal.removeEventListener('abort', onAbort);
      // Every other way out before a response has settled by now; this catches the ones Node
      // ends silently. After a response, readBody owns the outcome (the decoder may still run).
      if (!responded)
        fail(requestFailed(`${target.url.origin}: the connection closed without a response`));
    });
    let connected = false;
    request.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code === undefined ? '' : ` (${error.code})`;
      fail(
        new BrokerFailure('HTTPError', `${target.url.origin}: ${error.message}${code}`, !connected),
      );
    });
    // With `Upgrade` in a 101, Node hands over the socket here and closes it unless listened to.
    request.on('upgrade', (response, socket) => {
      hop.progress.status = response.statusCode ?? null;
      socket.destroy();
      fail(switchedProtocols(target.url.origin));
    });
    request.on('response', (response) => {
      responded = true;
      const status = response.statusCode ?? 0;
      hop.progress.status = status;
      if (status === 101) return fail(switchedProtocols(target.url.origin));
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
 * cut too, whatever it decodes to. An empty body is empty whatever its Content-Encoding says
 * (servers send `Content-Encoding: gzip` on empty redirects and 200s; zlib calls that truncated).
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
  const chunks: Buffer[] = [];
  let size = 0;
  const take = (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size > limit) {
      decoder?.destroy();
      return tooLarge();
    }
    chunks.push(chunk);
  };
  response.on('data', (chunk: Buffer) => {
    raw += chunk.byteLength;
    if (raw > rawLimit) return tooLarge();
    if (decoder) decoder.write(chunk);
    else take(chunk);
  });
  const finish = () => done(Buffer.concat(chunks, size));
  response.on('end', () => {
    if (!decoder) return finish();
    if (raw === 0) {
      decoder.destroy();
      return finish();
    }
    decoder.on('end', finish);
    decoder.end();
  });
  decoder?.on('data', take);
  decoder?.on('error', (error) =>
    fail(requestFailed(`the response body could not be decoded: ${error.message}`)),
  );
  const cut = () => fail(requestFailed('the server closed the connection before the body ended'));
  response.on('error', cut);
  response.on('close', () => {
    if (!response.complete) cut();
  });
}

function abortReason(signal: AbortSignal): BrokerFailure {
  return signal.reason instanceof BrokerFailure ? signal.reason : requestFailed('aborted');
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
