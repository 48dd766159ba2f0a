/**
 * Records a script's completion value in a variable, for code that must run inside a function
 * (a top-level await): the value `eval` would give, by the rules of ECMA-262. An expression
 * statement sets it; `if`, loops, `switch`, `try` and `with` start from undefined (UpdateEmpty),
 * so they are preceded by a reset; a `finally` block never sets it; functions and declarations
 * are left alone.
 */
import type { Node, Statement } from 'acorn';
import type { Edits } from './edits.js';

const RESETS = new Set([
  'IfStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'SwitchStatement',
  'TryStatement',
  'WithStatement',
]);

/** The statement a chain of labels applies to. */
function unlabel(statement: Statement): Statement {
  let inner = statement;
  while (inner.type === 'LabeledStatement') inner = inner.body;
  return inner;
}

export function recordCompletion(statements: readonly Node[], variable: string, edits: Edits) {
  for (const statement of statements) record(statement as Statement, variable, edits);
}

function record(statement: Statement, variable: string, edits: Edits): void {
  const inner = unlabel(statement);
  if (inner.type === 'ExpressionStatement') {
    edits.insert(inner.expression.start, `${variable}=(`);
    edits.insert(inner.expression.end, ')');
    return;
  }
  const resets = RESETS.has(inner.type);
  // A block around the label too: `continue label` must still name a loop. A block is also
  // safe where a single statement stands (`else if`), and declares nothing of its own.
  if (resets) edits.insert(statement.start, `{${variable}=void 0;`);
  recordInside(inner, variable, edits);
  // Closed after what is inside: a body that ends where the statement ends (`for (…) await x`)
  // closes its own parenthesis first (insertions at one offset keep their call order).
  if (resets) edits.insert(statement.end, '}');
}

function recordInside(inner: Statement, variable: string, edits: Edits): void {
  switch (inner.type) {
    case 'BlockStatement':
      return recordCompletion(inner.body, variable, edits);
    case 'IfStatement':
      record(inner.consequent, variable, edits);
      if (inner.alternate) record(inner.alternate, variable, edits);
      return;
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'WithStatement':
      return record(inner.body, variable, edits);
    case 'SwitchStatement':
      for (const switchCase of inner.cases)
        recordCompletion(switchCase.consequent, variable, edits);
      return;
    case 'TryStatement':
      recordCompletion(inner.block.body, variable, edits);
      if (inner.handler) recordCompletion(inner.handler.body.body, variable, edits);
      return;
    default:
      return;
  }
}
