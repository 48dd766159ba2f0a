/**
 * A request refused before anything ran, as an HTTP status with the typed error in the body
 * (the same JSON shape as `bunker run --json`). Thrown inside a route, answered by the app's
 * error handler.
 */
import type { BunkerError } from '../../errors.js';

export class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 429 | 503,
    readonly error: BunkerError,
  ) {
    super(error.message);
  }
}

/** Seconds a client told 429 should wait before it tries again. */
export const RETRY_AFTER_SECONDS = 1;
