/**
 * The /v1 API (docs/http-api.md, docs/openapi.yaml). Bodies are checked by Fastify's JSON-schema
 * validation for their shape; options go through the one options schema (ceilings.ts) and every
 * op through the stdio server's handlers, so both transports answer alike.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCode } from '../../check-code.js';
import { ArgumentError, SandboxError } from '../../errors.js';
import type { Outcome } from '../../result.js';
import { handle } from '../handlers.js';
import type { Request } from '../protocol.js';
import type { Admission } from './admission.js';
import { optionsFor } from './ceilings.js';
import type { Metrics } from './metrics.js';
import { Refusal } from './refusal.js';
import { sendOutcome } from './replies.js';
import type { Sessions } from './sessions.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 128 } },
} as const;
const codeBody = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string' }, options: { type: 'object' } },
} as const;

export interface RouteDeps {
  sessions: Sessions;
  admission: Admission;
  metrics: Metrics;
}

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { sessions, admission, metrics } = deps;
  const core = (request: Request) => handle(request, sessions.table);

  const script = async (
    op: 'run' | 'eval',
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => Promise<Outcome>,
  ) => {
    const started = performance.now();
    const outcome = await admission.admit(request.caller, work);
    metrics.script(
      op,
      outcome.ok ? 'ok' : outcome.error.code,
      (performance.now() - started) / 1000,
    );
    return sendOutcome(request, reply, outcome);
  };

  app.post<{ Body: { code: string; options?: unknown } }>(
    '/v1/run',
    { schema: { body: codeBody } },
    (request, reply) => {
      const options = optionsFor(request.caller, request.body.options);
      checked(request.body.code);
      return script('run', request, reply, () =>
        core({ v: 1, id: 0, op: 'run', code: request.body.code, options }),
      );
    },
  );

  app.post<{ Body: { options?: unknown } }>(
    '/v1/sandboxes',
    {
      // No body at all means no options.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { options: { type: 'object' } },
        },
      },
    },
    async (request, reply) => {
      const caller = request.caller;
      const most = caller.ceilings.sandboxes;
      if (most !== undefined && sessions.countOf(caller) >= most)
        throw new Refusal(
          429,
          new SandboxError(
            'TOO_MANY_SANDBOXES',
            `this token already has ${most} open sandboxes (its ceiling); delete one first`,
          ),
        );
      const options = optionsFor(caller, request.body.options);
      const outcome = await admission.admit(caller, () =>
        core({ v: 1, id: 0, op: 'create', options }),
      );
      if (!outcome.ok)
        return sendOutcome(
          request,
          reply,
          outcome,
          outcome.error.code === 'SANDBOX_CLOSED' ? 503 : undefined,
        );
      const { handle: created } = outcome.value as { handle: string };
      request.outcome = 'ok';
      return reply.code(201).send({ id: sessions.adopt(caller, created) });
    },
  );

  app.post<{ Params: { id: string }; Body: { code: string } }>(
    '/v1/sandboxes/:id/eval',
    {
      schema: {
        params: idParams,
        body: { ...codeBody, properties: { code: { type: 'string' } } },
      },
    },
    (request, reply) => {
      checked(request.body.code);
      return sessions.use(request.caller, request.params.id, (sandbox) =>
        script('eval', request, reply, () =>
          core({ v: 1, id: 0, op: 'eval', handle: sandbox, code: request.body.code }),
        ),
      );
    },
  );

  app.put<{ Params: { id: string; name: string }; Body: unknown }>(
    '/v1/sandboxes/:id/variables/:name',
    {
      schema: {
        params: {
          type: 'object',
          required: ['id', 'name'],
          properties: {
            id: { type: 'string', maxLength: 128 },
            name: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
      },
    },
    (request, reply) => {
      if (request.body === undefined)
        throw new Refusal(
          400,
          new ArgumentError('the body must be the JSON value', 'INVALID_ARGUMENT'),
        );
      const { id, name } = request.params;
      return sessions.use(request.caller, id, async (sandbox) => {
        const value = request.body;
        const outcome = await admission.admit(request.caller, () =>
          core({ v: 1, id: 0, op: 'setVariable', handle: sandbox, name, value }),
        );
        if (!outcome.ok) return sendOutcome(request, reply, outcome);
        request.outcome = 'ok';
        return reply.code(204).send();
      });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/sandboxes/:id',
    { schema: { params: idParams } },
    (request, reply) =>
      sessions.use(request.caller, request.params.id, async (sandbox) => {
        sessions.forget(request.params.id);
        const outcome = await core({ v: 1, id: 0, op: 'dispose', handle: sandbox });
        if (!outcome.ok) return sendOutcome(request, reply, outcome);
        request.outcome = 'ok';
        return reply.code(204).send();
      }),
  );
}

/** checkCode's ArgumentError (not a string, too large) as a 400. */
function checked(code: unknown): void {
  try {
    checkCode(code);
  } catch (error) {
    throw new Refusal(400, error as ArgumentError);
  }
}
