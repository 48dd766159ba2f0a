/** One function per op: a validated request in, one Outcome out (thrown errors included). */
import { checkCode } from '../check-code.js';
import { resolveOptions } from '../options.js';
import type { Outcome } from '../result.js';
import { runResolved } from '../run.js';
import { done, thrown } from './answers.js';
import type { Request } from './protocol.js';
import type { SandboxTable } from './sandbox-table.js';

export async function handle(request: Request, sandboxes: SandboxTable): Promise<Outcome> {
  try {
    return await dispatch(request, sandboxes);
  } catch (error) {
    return thrown(error);
  }
}

async function dispatch(request: Request, sandboxes: SandboxTable): Promise<Outcome> {
  switch (request.op) {
    case 'ping':
      return done('pong');
    case 'run': {
      const options = resolveOptions(request.options);
      checkCode(request.code);
      return runResolved(request.code, options);
    }
    case 'create':
      return done({ handle: await sandboxes.create(request.options) });
    case 'eval': {
      const sandbox = sandboxes.get(request.handle);
      checkCode(request.code);
      return sandbox.evalOutcome(request.code);
    }
    case 'setVariable':
      await sandboxes.get(request.handle).setVariable(request.name, request.value);
      return done(null);
    case 'dispose':
      await sandboxes.dispose(request.handle);
      return done(null);
  }
}
