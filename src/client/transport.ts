/**
 * One JSON request to a bunker service over keep-alive connections (node:http/https Agents).
 * Every way it can go wrong ends in a typed error: the server's own refusals arrive as outcomes;
 * what is not one (no connection, a balancer's HTML 502, no answer in time) is a SandboxError.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { errorFromInfo, SandboxError, type ErrorInfo } from '../errors.js';
import type { Outcome } from '../result.js';

/** A kept-alive connection found closed by the peer before it read the request. */
const STALE = Symbol('stale connection');

export interface Answer {
  status: number;
  /** The parsed JSON body; undefined for 204. */
  body: unknown;
}

export class Transport {
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;

  constructor(
    readonly base: URL,
    private readonly token: string | undefined,
  ) {
    const https = base.protocol === 'https:';
    this.agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.request = https ? httpsRequest : httpRequest;
  }

  /**
   * Sends `body` as JSON; waits at most `waitMs` for the whole answer. A kept-alive connection
   * that the peer had closed (reset before any answer: it never read the request) is the one
   * failure tried again, on another connection; it cannot have run anything.
   */
  async send(
    method: string,
    path: string,
    body: string | undefined,
    waitMs: number,
  ): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.attempt(method, path, body, waitMs);
      if (answer !== STALE) return answer;
      if (attempt === 2) throw this.unavailable('the connection was reset (ECONNRESET)');
    }
  }

  private attempt(
    method: string,
    path: string,
    body: string | undefined,
    waitMs: number,
  ): Promise<Answer | typeof STALE> {
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const unavailable = (why: string) => reject(this.unavailable(why));
      let answered = false;
      const request = this.request(url, { method, headers, agent: this.agent }, (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => unavailable(`the answer broke off (${error.message})`));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          if (status === 204) return resolve({ status, body: undefined });
          try {
            resolve({ status, body: JSON.parse(text) as unknown });
          } catch {
            // A balancer's or proxy's own page (502, 504): the node was not reached.
            unavailable(`HTTP ${status} without a bunker answer`);
          }
        });
      });
      request.setTimeout(waitMs, () => {
        request.destroy();
        unavailable(`no answer within ${waitMs} ms`);
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && !answered && error.code === 'ECONNRESET') return resolve(STALE);
        unavailable(`cannot reach it (${error.code ?? error.message})`);
      });
      request.end(body);
    });
  }

  private unavailable(why: string): SandboxError {
    return new SandboxError('SANDBOX_UNAVAILABLE', `bunker at ${this.base.origin}: ${why}`);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The body of an answer that must be an Outcome; PROTOCOL_ERROR when it is not. */
export function outcomeOf(answer: Answer): Outcome {
  const body = answer.body as Partial<Outcome> | undefined;
  if (typeof body !== 'object' || body === null || typeof body.ok !== 'boolean')
    throw new SandboxError(
      'PROTOCOL_ERROR',
      `HTTP ${answer.status}: the answer is not a bunker outcome`,
    );
  const { console = '', consoleTruncated = false, requests = [], requestsOmitted = 0 } = body;
  const stats = body.stats ?? { wallMs: 0, cpuMs: 0, peakMemoryBytes: 0, hostCalls: 0 };
  const trace = { console, consoleTruncated, requests, requestsOmitted, stats };
  if (body.ok) return { ok: true, value: (body as { value?: unknown }).value, ...trace };
  const error = (body as { error?: Partial<ErrorInfo> }).error;
  // A name the local API does not know would have no class: the generic crash instead.
  const known =
    typeof error?.message === 'string' &&
    typeof error.code === 'string' &&
    errorFromInfo(error as ErrorInfo) !== undefined;
  return {
    ok: false,
    error: known
      ? (error as ErrorInfo)
      : {
          name: 'SandboxError',
          code: 'SANDBOX_CRASHED',
          message: `HTTP ${answer.status}: ${JSON.stringify(error)}`,
        },
    ...trace,
  };
}
