/**
 * The parser the guest uses where JavaScriptCore alone is not enough: finding a script's
 * top-level declarations and awaits, and the exact line:column of a syntax error.
 */
import type { Node, Pattern, Program } from 'acorn';

type Acorn = typeof import('acorn');
let acorn: Acorn | undefined;

/**
 * Loads the parser and runs it once. acorn builds its Unicode tables as it loads, and its first
 * parse is slow: measured on this 2-core machine under load, 32-40 ms and 20-35 ms, most of which
 * a guest would otherwise pay at start for scripts that never need it. So it is loaded on first
 * need (evaluate.ts) or while the process is idle, whichever comes first.
 */
export async function loadParser(): Promise<void> {
  if (acorn) return;
  const loaded = await import('acorn');
  acorn ??= loaded;
  parseScript('let warm = await 0; class C {}');
}

export const parserLoaded = (): boolean => acorn !== undefined;

/** A syntax error at a position of the code the user gave (1-based line and column). */
export class ScriptSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(reason);
  }
}

interface AcornError {
  message: string;
  loc?: { line: number; column: number };
}

/** Parses as a script whose top level may await (a top-level return stays an error). */
export function parseScript(code: string): Program {
  if (!acorn) throw new Error('parseScript before loadParser');
  return parseWith(acorn.Parser, code);
}

/** Parses with `parser` (acorn's, or one extended with a plugin), errors at their place. */
export function parseWith(parser: Pick<Acorn['Parser'], 'parse'>, code: string): Program {
  try {
    return parser.parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
    });
  } catch (error) {
    const e = error as AcornError;
    if (e.loc === undefined) throw error;
    // acorn appends "(line:column)" with a 0-based column; the position is reported on its own.
    const reason = e.message.replace(/ \(\d+:\d+\)$/, '');
    throw new ScriptSyntaxError(reason, e.loc.line, e.loc.column + 1);
  }
}

const FUNCTIONS = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'StaticBlock',
  'PropertyDefinition',
]);

/** Whether the script awaits outside any function (`await x` or `for await`). */
export function awaitsAtTopLevel(node: Node): boolean {
  if (node.type === 'AwaitExpression') return true;
  if (node.type === 'ForOfStatement' && (node as { await?: boolean }).await === true) return true;
  if (FUNCTIONS.has(node.type)) return false;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item) && awaitsAtTopLevel(item)) return true;
    } else if (isNode(value) && awaitsAtTopLevel(value)) return true;
  }
  return false;
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** The names a declaration's binding pattern declares. */
export function boundNames(pattern: Pattern, names: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier':
      names.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties)
        boundNames(property.type === 'RestElement' ? property.argument : property.value, names);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) boundNames(element, names);
      break;
    case 'AssignmentPattern':
      boundNames(pattern.left, names);
      break;
    case 'RestElement':
      boundNames(pattern.argument, names);
      break;
    case 'MemberExpression':
      break;
  }
  return names;
}
