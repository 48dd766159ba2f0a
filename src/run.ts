import { BunkerError, SandboxError } from './errors.js';
import { evalFrame, exchange } from './host/evaluation.js';
import { GuestProcess } from './host/guest-process.js';
import { guestLaunch } from './host/launch-spec.js';
import { resolveOptions, type Options, type ResolvedOptions } from './options.js';
import { checkCode } from './check-code.js';
import { failure, settle, type Outcome, type Result } from './result.js';

/**
 * Runs `code` once in a fresh sandbox process that is thrown away afterwards.
 * Resolves with the Result; rejects with SyntaxError, JavaScriptError, TimeoutError,
 * MemoryLimitError, ArgumentError or SandboxError (each carrying the console output so far).
 */
export async function run(code: string, options?: Options): Promise<Result> {
  const resolved = resolveOptions(options);
  checkCode(code);
  return settle(await runResolved(code, resolved));
}

/** The same as {@link run} but never throws for the script's failures: one Outcome either way. */
export async function runResolved(code: string, options: ResolvedOptions): Promise<Outcome> {
  let guest: GuestProcess;
  try {
    guest = await GuestProcess.start(guestLaunch(options), options.memoryLimit);
  } catch (error) {
    if (error instanceof BunkerError) return failure(error);
    return failure(
      new SandboxError('SANDBOX_START_FAILED', `the sandbox failed to start: ${String(error)}`, {
        cause: error,
      }),
    );
  }
  try {
    return await exchange(guest, evalFrame(code, options), options);
  } finally {
    guest.terminate({ kind: 'disposed', detail: 'the run is over' });
  }
}
