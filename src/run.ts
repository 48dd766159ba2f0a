import { defaultPool } from './default-pool.js';
import { resolveOptions, type Options, type ResolvedOptions } from './options.js';
import { checkCode } from './check-code.js';
import { settle, type Outcome, type Result } from './result.js';

/**
 * Runs `code` once in a fresh sandbox process that is thrown away afterwards (taken ready from
 * the default {@link Pool} unless `pool: false`).
 * Resolves with the Result; rejects with SyntaxError, JavaScriptError, TimeoutError,
 * MemoryLimitError, ArgumentError or SandboxError (each carrying the console output so far).
 */
export async function run(code: string, options?: Options): Promise<Result> {
  const resolved = resolveOptions(options);
  checkCode(code);
  return settle(await runResolved(code, resolved));
}

/** The same as {@link run} but never throws for the script's failures: one Outcome either way. */
export function runResolved(code: string, options: ResolvedOptions): Promise<Outcome> {
  return defaultPool().runResolved(code, options);
}
