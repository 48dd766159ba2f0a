import type { PoolOptions } from './options.js';
import { Pool } from './pool.js';

let shared: Pool | undefined;

/** The pool `run` and `Sandbox.create` use, created on first use with the default sizes. */
export function defaultPool(): Pool {
  shared ??= new Pool();
  return shared;
}

/**
 * Creates the default pool with these options (`bunker serve --max-processes`), before anything
 * used it. Throws ArgumentError for bad options, Error when the pool already exists.
 */
export function configureDefaultPool(options: PoolOptions): void {
  if (shared) throw new Error('the default pool is already in use');
  shared = new Pool(options);
}
