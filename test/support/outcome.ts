/** One eval in a Sandbox of its own, as an Outcome (success or failure alike); then disposed. */
import { Sandbox, type Options } from '../../src/index.js';
import type { Outcome } from '../../src/result.js';

export async function outcome(code: string, options: Options): Promise<Outcome> {
  const sandbox = await Sandbox.create(options);
  try {
    return await sandbox.evalOutcome(code);
  } finally {
    await sandbox.dispose();
  }
}
