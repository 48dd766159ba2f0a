import { Pool } from './pool.js';

let shared: Pool | undefined;

/** The pool `run` and `Sandbox.create` use, created on first use with the default sizes. */
export function defaultPool(): Pool {
  shared ??= new Pool();
  return shared;
}
