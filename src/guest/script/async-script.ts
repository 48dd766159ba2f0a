/**
 * A script with a top-level await, made into one JavaScriptCore can run: its code inside an async
 * arrow function (whose `this` is the script's, the global object), with its top-level
 * declarations made global variables that outlive the eval, and its completion value returned.
 * Every edit is an insertion or a same-length overwrite, so positions map back (edits.ts).
 */
import type { Node, Program, Statement, VariableDeclaration } from 'acorn';
import { recordCompletion } from './completion.js';
import { Edits, type PositionMap } from './edits.js';
import { boundNames } from './parse.js';

/** Unlikely to meet a script's own names; a script that looks for it finds a local variable. */
const COMPLETION = '__bunker_completion__';

export function asyncScript(program: Program, code: string): { text: string; map: PositionMap } {
  const edits = new Edits();
  const globals = new Set<string>();
  const functions: string[] = [];
  for (const statement of program.body) {
    if (statement.type === 'FunctionDeclaration') {
      globals.add(statement.id.name);
      functions.push(statement.id.name);
    } else if (statement.type === 'ClassDeclaration') {
      globals.add(statement.id.name);
      edits.insert(statement.start, `${statement.id.name} = `);
      edits.insert(statement.end, ';');
    } else if (statement.type === 'VariableDeclaration') {
      declaration(statement, globals, edits);
    } else {
      hoistVars(statement, globals, edits);
    }
  }
  recordCompletion(program.body, COMPLETION, edits);
  const first = program.body[0];
  const strict =
    first?.type === 'ExpressionStatement' && (first as { directive?: string }).directive;
  const head =
    (globals.size > 0 ? `var ${[...globals].join(',')};` : '') +
    '(async () => {' +
    (strict === 'use strict' ? "'use strict';" : '') +
    `var ${COMPLETION};` +
    // Function declarations stay hoisted inside the arrow; the global gets the same function.
    functions.map((name) => `this.${name}=${name};`).join('');
  edits.prepend(head);
  edits.insert(code.length, `\n;return ${COMPLETION};})()`);
  return edits.apply(code);
}

/** A declaration statement becomes an assignment to the global variables it declares. */
function declaration(statement: VariableDeclaration, globals: Set<string>, edits: Edits): void {
  for (const declarator of statement.declarations) {
    for (const name of boundNames(declarator.id)) globals.add(name);
    if (statement.kind === 'let' && !declarator.init) edits.insert(declarator.end, ' = void 0');
  }
  edits.overwrite(statement.start, ' '.repeat(statement.kind.length));
  // `void (` rather than `(`: a line before it that lacks a semicolon must not become a call.
  edits.insert(statement.declarations[0]!.start, 'void (');
  edits.insert(statement.declarations.at(-1)!.end, ')');
}

/** `var` anywhere outside functions is global too: in blocks, branches, loop heads. */
function hoistVars(node: Node, globals: Set<string>, edits: Edits): void {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return;
    case 'VariableDeclaration': {
      const statement = node as VariableDeclaration;
      if (statement.kind === 'var') declaration(statement, globals, edits);
      return;
    }
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const loop = node as Statement & { init?: Node | null; left?: Node };
      const head = loop.init ?? loop.left;
      if (head?.type === 'VariableDeclaration' && (head as VariableDeclaration).kind === 'var') {
        const declared = head as VariableDeclaration;
        for (const declarator of declared.declarations)
          for (const name of boundNames(declarator.id)) globals.add(name);
        edits.overwrite(declared.start, '   ');
      }
      const body = (loop as { body: Node }).body;
      return hoistVars(body, globals, edits);
    }
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isStatementLike(item)) hoistVars(item, globals, edits);
    } else if (isStatementLike(value)) hoistVars(value, globals, edits);
  }
}

const isStatementLike = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
