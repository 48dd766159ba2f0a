/** Turns what the script threw into the error report the host receives. */
import type { FetchErrorName, GuestErrorInfo } from '../protocol/frames.js';
import type { ScriptSyntaxError } from './script/parse.js';

/**
 * A fetch failure, or a host call past maxHostCalls, that the script did not catch fails the eval
 * under its own name.
 */
const OWN_CODES: Partial<Record<string, GuestErrorInfo['code']>> = {
  HTTPBlockedError: 'HTTP_BLOCKED',
  HTTPLimitError: 'HTTP_LIMIT',
  HTTPError: 'HTTP_ERROR',
  HostCallLimitError: 'HOST_CALL_LIMIT',
};

const isError = (value: unknown): value is Error =>
  Object.prototype.toString.call(value) === '[object Error]';

function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Keeps the script's own frames: JSC's stack lists the guest runtime below `runInContext` (and
 * with it host paths), which are no business of the script's caller.
 */
export function guestFrames(stack: string): string {
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    if (!/^\s+at /.test(line)) continue;
    if (/\bat runInContext\b|\(node:|\/guest\/[a-z-]+\.[tj]s:/.test(line)) break;
    frames.push(line);
  }
  return frames.join('\n');
}

export function thrownToInfo(thrown: unknown): GuestErrorInfo {
  if (!isError(thrown))
    return { name: 'JavaScriptError', code: 'JAVASCRIPT_ERROR', message: describe(thrown) };
  const name = describe(thrown.name);
  const message = describe(thrown.message);
  const stack = typeof thrown.stack === 'string' ? guestFrames(thrown.stack) : undefined;
  // JSC throws this when an allocation fails under the address-space limit.
  if (name === 'RangeError' && message === 'Out of memory') {
    return {
      name: 'MemoryLimitError',
      code: 'MEMORY_LIMIT',
      message: 'the script ran out of memory (memoryLimit)',
    };
  }
  const own = OWN_CODES[name];
  if (own !== undefined)
    return { name: name as FetchErrorName | 'HostCallLimitError', code: own, message };
  const header = `${name}: ${message}`;
  return {
    name: 'JavaScriptError',
    code: 'JAVASCRIPT_ERROR',
    message: header,
    stack: stack ? `${header}\n${stack}` : header,
  };
}

/** A parse failure, at its place in the user's code (script/parse.ts). */
export function syntaxToInfo(
  error: ScriptSyntaxError,
  source: { code: string; filename: string },
): GuestErrorInfo {
  const { reason, line, column } = error;
  const lineText = source.code.split('\n')[line - 1] ?? '';
  return {
    name: 'SyntaxError',
    code: 'SYNTAX_ERROR',
    message: `SyntaxError: ${reason} (${line}:${column})`,
    stack: `    at ${source.filename}:${line}:${column}\n    ${lineText}`,
  };
}
