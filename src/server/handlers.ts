/** One function per op: a validated request in, one Outcome out (thrown errors included). */
import { checkCode } from '../check-code.js';
import { ArgumentError } from '../errors.js';
import { FunctionTable } from '../functions.js';
import { resolveOptions } from '../options.js';
import type { Outcome } from '../result.js';
import { runResolved } from '../run.js';
import { done, thrown } from './answers.js';
import type { Request } from './protocol.js';
import { noFunctions, type SandboxTable } from './sandbox-table.js';
import { untagNumbers } from './tagged-numbers.js';
import type { ClientCalls } from './client-calls.js';

export async function handle(
  request: Request,
  sandboxes: SandboxTable,
  calls?: ClientCalls,
): Promise<Outcome> {
  try {
    return await dispatch(request, sandboxes, calls);
  } catch (error) {
    return thrown(error);
  }
}

async function dispatch(
  request: Request,
  sandboxes: SandboxTable,
  calls: ClientCalls | undefined,
): Promise<Outcome> {
  switch (request.op) {
    case 'ping':
      return done('pong');
    case 'run': {
      const options = resolveOptions(request.options);
      checkCode(request.code);
      const names = request.functions ?? [];
      if (names.length === 0) return runResolved(request.code, options);
      if (!calls) throw noFunctions();
      const functions = calls.functions(names, () => request.id);
      new FunctionTable(functions); // ArgumentError for a bad name, before anything starts
      try {
        return await runResolved(request.code, { ...options, functions });
      } finally {
        calls.forget(request.id);
      }
    }
    case 'create':
      return done({ handle: await sandboxes.create(request.options, request.functions) });
    case 'eval':
      checkCode(request.code);
      return sandboxes.eval(request.handle, request.id, request.code);
    case 'defineFunction':
      sandboxes.defineFunction(request.handle, request.name);
      return done(null);
    case 'return': {
      if (!calls) throw noFunctions();
      const { callId, value, error } = request;
      if ((value === undefined) === (error === undefined))
        throw new ArgumentError('return: give either "value" or "error"', 'INVALID_ARGUMENT');
      calls.settle(error === undefined ? { callId, value } : { callId, error });
      return done(null);
    }
    case 'setVariable':
      await sandboxes
        .get(request.handle)
        .setVariable(
          request.name,
          request.numbers === 'tagged' ? untagNumbers(request.value) : request.value,
        );
      return done(null);
    case 'dispose':
      await sandboxes.dispose(request.handle);
      return done(null);
  }
}
