/**
 * Host functions (issue 14): functions of the application a script may call as plain globals.
 * Only their names enter the sandbox; each call crosses the pipe as a frame and is answered by
 * the host (host/host-calls.ts), so a script never holds a reference to anything of the host's.
 */
import { ArgumentError } from './errors.js';

/**
 * A function the script may call. It receives copies of the script's arguments (structured-clone
 * rules, docs/values.md) and its value, awaited when a Promise, is copied back the same way.
 */
export type HostFunction = (...args: never[]) => unknown;

/** One identifier per segment: `lookup`, `db.find`. */
const NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const MAX_NAME_CHARS = 256;
/** Segments that would reach an object's prototype machinery instead of defining a property. */
const RESERVED = new Set(['__proto__', 'prototype', 'constructor']);

/** Why `name` cannot name a host function, or undefined. */
export function functionNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || !NAME.test(name) || name.length > MAX_NAME_CHARS)
    return `${JSON.stringify(name)} is not a name: identifiers joined by dots, at most ${MAX_NAME_CHARS} characters`;
  if (name.split('.').some((segment) => RESERVED.has(segment)))
    return `${JSON.stringify(name)} uses a reserved name (__proto__, prototype, constructor)`;
  return undefined;
}

/** Why `name` cannot join `names` (one is the other's namespace), or undefined. */
export function functionConflict(names: Iterable<string>, name: string): string | undefined {
  for (const other of names) {
    if (other === name) continue;
    if (other.startsWith(`${name}.`) || name.startsWith(`${other}.`))
      return `"${name}" and "${other}" cannot both be functions (one is inside the other)`;
  }
  return undefined;
}

/** The functions of one run or Sandbox, by dotted name. */
export class FunctionTable {
  private readonly functions = new Map<string, HostFunction>();

  constructor(initial: Record<string, HostFunction> = {}) {
    for (const [name, fn] of Object.entries(initial)) this.define(name, fn);
  }

  get size(): number {
    return this.functions.size;
  }

  names(): string[] {
    return [...this.functions.keys()];
  }

  get(name: string): HostFunction | undefined {
    return this.functions.get(name);
  }

  /** Adds or replaces one; ArgumentError (INVALID_ARGUMENT) for a bad name or value. */
  define(name: string, fn: HostFunction): void {
    const problem = functionNameProblem(name) ?? functionConflict(this.functions.keys(), name);
    if (problem !== undefined) throw new ArgumentError(problem, 'INVALID_ARGUMENT');
    if (typeof fn !== 'function')
      throw new ArgumentError(`host function "${name}" must be a function`, 'INVALID_ARGUMENT');
    this.functions.set(name, fn);
  }
}
