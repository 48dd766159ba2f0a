import { SandboxError } from '../../errors.js';
import { linuxBackend } from './linux.js';
import type { SandboxBackend } from './types.js';

export type { LaunchSpec, SandboxBackend } from './types.js';

/** The backend for this machine, checked once; SandboxError says what to install when unusable. */
let checked: SandboxBackend | undefined;

export function backend(): SandboxBackend {
  if (checked) return checked;
  if (process.platform !== 'linux') {
    throw new SandboxError(
      'SANDBOX_UNAVAILABLE',
      `bunker has no sandbox backend for ${process.platform} yet; it runs on Linux with bubblewrap`,
    );
  }
  const problems = linuxBackend.problems();
  if (problems.length > 0)
    throw new SandboxError(
      'SANDBOX_UNAVAILABLE',
      `the sandbox cannot start: ${problems.join('; ')}`,
    );
  checked = linuxBackend;
  return checked;
}
