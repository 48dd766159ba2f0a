/**
 * A token's ceilings applied to a request's options, before they reach the options schema a
 * second time in the server core. An option asked beyond a ceiling is refused (403); an option
 * left unset whose default is beyond it is lowered to the ceiling, so that a token with a small
 * budget need not spell it out on every request.
 */
import { ArgumentError } from '../../errors.js';
import { resolveOptions, type Options } from '../../options.js';
import { ANONYMOUS, type Caller } from './callers.js';
import { Refusal } from './refusal.js';

/** The options a request of `caller` runs with; throws Refusal 400 or 403. */
export function optionsFor(caller: Caller, input: unknown): Options {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input)))
    throw new Refusal(400, new ArgumentError('options must be a JSON object'));
  const given = (input ?? {}) as Record<string, unknown>;
  let resolved;
  try {
    resolved = resolveOptions(given);
  } catch (error) {
    throw new Refusal(400, error as ArgumentError);
  }
  const { timeoutMs, memoryLimit, fetch } = caller.ceilings;
  const options: Record<string, unknown> = { ...given };
  // A token's runs and sandboxes are its tenant's (warm reuse within it), whatever the request
  // says: no caller can reach another tenant's processes. Without a token file (loopback only)
  // there is one caller, who may name a tenant or not.
  if (caller !== ANONYMOUS) options.tenant = caller.tenant;
  if (timeoutMs !== undefined) {
    if (resolved.timeoutMs > timeoutMs) {
      if (given.timeoutMs !== undefined) throw beyond('timeoutMs', given.timeoutMs, timeoutMs);
      options.timeoutMs = timeoutMs;
    }
    if (given.cpuTimeMs !== undefined && resolved.cpuTimeMs > timeoutMs)
      throw beyond('cpuTimeMs', given.cpuTimeMs, timeoutMs);
  }
  if (memoryLimit !== undefined && resolved.memoryLimit > memoryLimit) {
    if (given.memoryLimit !== undefined)
      throw beyond('memoryLimit', given.memoryLimit, memoryLimit);
    options.memoryLimit = memoryLimit;
  }
  if (resolved.http !== undefined && fetch === 'off')
    throw forbidden('option "http": this token may not fetch');
  if (resolved.http?.access.mode === 'deny' && fetch === 'allowlist')
    throw forbidden('option "http.denylist": this token may fetch only through an allowlist');
  return options;
}

const beyond = (name: string, asked: unknown, ceiling: number) =>
  forbidden(
    `option "${name}": ${JSON.stringify(asked)} is beyond this token's ceiling (${ceiling})`,
  );
const forbidden = (message: string) => new Refusal(403, new ArgumentError(message));
