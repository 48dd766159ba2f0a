/** How an Outcome or a Refusal goes out: status, headers, and the `bunker run --json` body. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BunkerError } from '../../errors.js';
import { jsonOutcome, renderJson } from '../../json-outcome.js';
import { failure, type Outcome } from '../../result.js';
import { RETRY_AFTER_SECONDS } from './refusal.js';

/** Codes that mean "not now, try again": the pool's queue or process cap was full. */
const BUSY = new Set(['QUEUE_FULL', 'TOO_MANY_SANDBOXES']);

/**
 * A script that failed is an answer (200, `ok: false`); only outcomes that say the request itself
 * could not be served get an HTTP error.
 */
export function statusOf(outcome: Outcome): number {
  if (outcome.ok) return 200;
  if (BUSY.has(outcome.error.code)) return 429;
  if (outcome.error.name === 'ArgumentError') return 400;
  return 200;
}

export function sendOutcome(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: Outcome,
  status = statusOf(outcome),
): FastifyReply {
  request.outcome = outcome.ok ? 'ok' : outcome.error.code;
  if (status === 429) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(renderJson({}, jsonOutcome(outcome)));
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: BunkerError,
): FastifyReply {
  return sendOutcome(request, reply, failure(error), status);
}
