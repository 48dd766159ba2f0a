/**
 * Real servers on loopback for the broker's tests. They listen on `::` (dual stack), so one server
 * sees every loopback address and every spelling of one — and records every request it gets,
 * which is how a test proves a blocked fetch reached nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The address the client connected to, e.g. '::ffff:127.0.0.2'. */
  localAddress: string;
}

export interface TestServer {
  port: number;
  hits: Hit[];
  /** Open connections, including ones that sent no complete request. */
  connections: number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export async function startServer(
  handler: Handler,
  tls?: { key: string; cert: string },
  host = '::',
): Promise<TestServer> {
  const hits: Hit[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        localAddress: req.socket.localAddress ?? '',
      });
      handler(req, res, body);
    });
  };
  const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  const state = { connections: 0 };
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen({ port: 0, host, ipv6Only: false }, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request with JSON describing it. */
export const echo: Handler = (req, res, body) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body }));
};

/** Ends the response with a status, headers and an optional body. */
export function reply(
  res: http.ServerResponse,
  status: number,
  headers: http.OutgoingHttpHeaders = {},
  body?: string | Buffer,
): void {
  res.writeHead(status, headers);
  res.end(body);
}

/** A throw-away certificate for `api.test` and 127.0.0.1, made by openssl for this run. */
export function throwAwayCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bunker-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=api.test',
        '-addext',
        'subjectAltName=DNS:api.test,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The http option that lets a script reach `api.test` (pinned to 127.0.0.2) on `port`. */
export function loopbackPolicy(port: number, extra: Record<string, unknown> = {}) {
  return {
    allowlist: ['api.test'],
    allowedPorts: [port],
    resolve: { 'api.test': '127.0.0.2' },
    allowedIps: ['127.0.0.2/32'],
    ...extra,
  };
}
