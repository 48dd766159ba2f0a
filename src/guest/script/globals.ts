/**
 * Top-level `let`, `const` and `class` become global variables, as `var` and `function` are, so
 * that a later eval of the same Sandbox sees them and may declare them again (as a browser
 * console allows). Used for scripts without a top-level await; async-script.ts does the same
 * for the others.
 */
import type { Program } from 'acorn';
import type { Edits } from './edits.js';

/** Rewrites in place; keywords become `var` padded to their own length. */
export function lexicalToGlobal(program: Program, edits: Edits): void {
  for (const statement of program.body) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      edits.overwrite(statement.start, 'var'.padEnd(statement.kind.length));
      // `let x` declared again starts over at undefined, as a new binding would.
      for (const declarator of statement.declarations)
        if (declarator.init === null || declarator.init === undefined)
          edits.insert(declarator.end, ' = void 0');
    } else if (statement.type === 'ClassDeclaration') {
      edits.insert(statement.start, `var ${statement.id.name} = `);
      edits.insert(statement.end, ';');
    }
  }
}

/** Whether the script declares anything lexical at its top level. */
export const declaresLexically = (program: Program): boolean =>
  program.body.some(
    (statement) =>
      (statement.type === 'VariableDeclaration' && statement.kind !== 'var') ||
      statement.type === 'ClassDeclaration',
  );
