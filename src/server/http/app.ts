/**
 * The HTTP server as a Fastify app: the /v1 routes behind authentication and the drain, the
 * probes, /metrics, the error handler that gives every refusal its status and typed body, and one
 * JSON log line per request. Fastify brings HTTP/1.1 keep-alive, body limits and JSON-schema
 * validation (ajv) that would otherwise be hand-written here.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ArgumentError, SandboxError } from '../../errors.js';
import { defaultPool } from '../../default-pool.js';
import { Admission } from './admission.js';
import { type Caller, Callers } from './callers.js';
import type { HttpServerConfig } from './config.js';
import { Metrics } from './metrics.js';
import { registerPlayground } from './playground.js';
import { Refusal } from './refusal.js';
import { sendError } from './replies.js';
import { registerRoutes } from './routes.js';
import { Sessions } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    /** `ok`, an error code, or undefined: what the log line and metrics say. */
    outcome: string | undefined;
  }
}

/** The app's state, shared with the signal handling in serve.ts. */
export interface Node {
  app: FastifyInstance;
  sessions: Sessions;
  /** False while starting and once draining: /readyz answers 503. */
  ready: boolean;
  draining: boolean;
  /** /v1 requests in progress (the drain waits for them). */
  inFlight: number;
}

export type WriteLog = (line: string) => void;

export function buildNode(config: HttpServerConfig, writeLog: WriteLog): Node {
  const app = Fastify({
    bodyLimit: config.maxBodyBytes,
    // Strict bodies: no type coercion, no silently dropped fields, no defaults filled in.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    return503OnClosing: true,
  });
  const callers = new Callers(config.tokens);
  const sessions = new Sessions(config.nodeId, config.sandboxIdleMs);
  const node: Node = { app, sessions, ready: false, draining: false, inFlight: 0 };
  const metrics = new Metrics(
    () => defaultPool().stats(),
    () => sessions.size,
    () => node.inFlight,
  );

  // Set by the onRequest hook on every /v1 request; the routes see no other.
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('outcome', undefined);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    if (node.draining) {
      reply.header('connection', 'close');
      throw new Refusal(
        503,
        new SandboxError(
          'SANDBOX_UNAVAILABLE',
          'this node is draining; send the request to another',
        ),
      );
    }
    const caller = callers.identify(request.headers.authorization);
    if (!caller)
      throw new Refusal(
        401,
        new SandboxError('UNAUTHORIZED', 'missing or unknown token (Authorization: Bearer TOKEN)'),
      );
    request.caller = caller;
    node.inFlight++;
    let counted = true;
    const done = () => {
      if (counted) node.inFlight--;
      counted = false;
    };
    reply.raw.once('close', done);
    reply.raw.once('finish', done);
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.answered(reply.statusCode);
    const line = {
      time: new Date().toISOString(),
      node: config.nodeId,
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      tenant: (request.caller as Caller | null)?.tenant ?? null,
      outcome: request.outcome ?? (reply.statusCode < 400 ? 'ok' : 'refused'),
    };
    writeLog(JSON.stringify(line));
  });

  app.setErrorHandler((error: FastifyError | Refusal, request, reply) => {
    if (error instanceof Refusal) return sendError(request, reply, error.status, error.error);
    if (error.validation)
      return sendError(
        request,
        reply,
        400,
        new ArgumentError(
          `${error.validationContext ?? 'request'} ${error.message.replace(/^\w+\/?/, '')}`.trim(),
          'INVALID_ARGUMENT',
        ),
      );
    const status = error.statusCode ?? 500;
    if (status === 413)
      return sendError(
        request,
        reply,
        413,
        new ArgumentError(
          `the body is larger than ${config.maxBodyBytes} bytes`,
          'INVALID_ARGUMENT',
        ),
      );
    if (status < 500)
      return sendError(request, reply, 400, new ArgumentError(error.message, 'INVALID_ARGUMENT'));
    return sendError(
      request,
      reply,
      500,
      new SandboxError('SANDBOX_CRASHED', `internal server error: ${error.message}`),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      404,
      new ArgumentError(
        `no endpoint ${request.method} ${request.url.split('?')[0]}`,
        'INVALID_ARGUMENT',
      ),
    ),
  );

  app.get('/healthz', () => ({ ok: true }));
  app.get('/readyz', (_request, reply) =>
    reply.code(node.ready ? 200 : 503).send({ ready: node.ready, draining: node.draining }),
  );
  app.get('/metrics', async (request, reply) => {
    if (!callers.mayReadMetrics(request.headers.authorization))
      return sendError(
        request,
        reply,
        401,
        new SandboxError('UNAUTHORIZED', 'GET /metrics needs the metrics token'),
      );
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  registerPlayground(app);
  registerRoutes(app, { sessions, admission: new Admission(), metrics });
  return node;
}
