/**
 * TypeScript to JavaScript by blanking the types: every type annotation, type declaration,
 * `as`/`satisfies`/`!` and modifier is overwritten with spaces (newlines kept), so the JavaScript
 * has every line:column of the TypeScript the user gave (the approach of ts-blank-space and of
 * Node's --strip-types). What has run-time meaning of its own (`enum`, `namespace`, parameter
 * properties, `import x = require()`, `<T>x` casts) is refused with a SyntaxError at its place.
 * Types are not checked.
 */
import type { Node, Program } from 'acorn';
import { Edits } from './edits.js';
import { parseWith, ScriptSyntaxError } from './parse.js';

type Parser = Parameters<typeof parseWith>[0];
let typescriptParser: Parser | undefined;

/** acorn with the TypeScript plugin, loaded on the first TypeScript eval. */
export async function loadTypeScriptParser(): Promise<void> {
  if (typescriptParser) return;
  const [{ Parser }, { tsPlugin }] = await Promise.all([
    import('acorn'),
    import('@sveltejs/acorn-typescript'),
  ]);
  typescriptParser ??= Parser.extend(tsPlugin()) as unknown as Parser;
}

export const typeScriptParserLoaded = (): boolean => typescriptParser !== undefined;

const UNSUPPORTED: Record<string, string> = {
  TSEnumDeclaration: 'enum',
  TSModuleDeclaration: 'namespace',
  TSParameterProperty: 'a parameter property',
  TSImportEqualsDeclaration: 'import =',
  TSExportAssignment: 'export =',
  TSTypeAssertion: 'a <T> cast (write `x as T`)',
};

const TYPE_ONLY = new Set([
  'TSTypeAnnotation',
  'TSTypeParameterDeclaration',
  'TSTypeParameterInstantiation',
]);

const DECLARATIONS_ONLY = new Set([
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'TSIndexSignature',
  'TSAbstractPropertyDefinition',
  'TSAbstractMethodDefinition',
  'TSAbstractAccessorProperty',
]);

const MODIFIERS = /\b(?:public|private|protected|readonly|override|declare|abstract)\b/g;

type Any = Node & Record<string, unknown>;

/** The JavaScript, same length and same positions as `code`. */
export function stripTypes(code: string): string {
  if (!typescriptParser) throw new Error('stripTypes before loadTypeScriptParser');
  const program: Program = parseWith(typescriptParser, code);
  const edits = new Edits();
  const blank = (start: number, end: number) => {
    if (end > start) edits.overwrite(start, code.slice(start, end).replace(/[^\n\r]/g, ' '));
  };
  // A removed statement or class member leaves `;`: the code before it must not run on into
  // the code after it (`let a = 1\ninterface I {}\n(f)()` is not a call of 1).
  const remove = (node: Node) => {
    blank(node.start, node.end);
    edits.overwrite(node.start, ';');
  };
  const walk = (node: Any): void => {
    const unsupported = UNSUPPORTED[node.type];
    if (unsupported !== undefined && node.declare !== true) {
      const { line, column } = position(code, node.start);
      throw new ScriptSyntaxError(
        `TypeScript ${unsupported} is not supported: only types are removed, and this is not one`,
        line,
        column,
      );
    }
    if (DECLARATIONS_ONLY.has(node.type) || node.declare === true) return remove(node);
    if (TYPE_ONLY.has(node.type)) return blank(node.start, node.end);
    const member = node.type === 'PropertyDefinition' || node.type === 'MethodDefinition';
    if (member && node.abstract === true) return remove(node);
    switch (node.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression': {
        const expression = node.expression as Any;
        blank(expression.end, node.end);
        return walk(expression);
      }
      case 'Identifier':
        if (node.optional === true) {
          const annotation = node.typeAnnotation as Any | undefined;
          blank(node.start + (node.name as string).length, annotation?.start ?? node.end);
        }
        break;
      case 'VariableDeclarator':
        if (node.definite === true) {
          const id = node.id as Any;
          const annotation = id.typeAnnotation as Any | undefined;
          blank(id.start + (id.name as string).length, annotation?.start ?? id.end);
        }
        break;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        if (node.abstract === true) blank(node.start, code.indexOf('class', node.start));
        const interfaces = node.implements as Any[] | undefined;
        if (interfaces?.length) {
          const keyword = code.lastIndexOf('implements', interfaces[0]!.start);
          blank(keyword, interfaces.at(-1)!.end);
        }
        break;
      }
      case 'PropertyDefinition':
      case 'MethodDefinition': {
        const key = node.key as Any;
        const head = code.slice(node.start, key.start);
        for (const match of head.matchAll(MODIFIERS))
          blank(node.start + match.index, node.start + match.index + match[0].length);
        if (node.optional === true) {
          const mark = code.indexOf('?', key.end);
          blank(mark, mark + 1);
        }
        if (node.definite === true) {
          const mark = code.indexOf('!', key.end);
          blank(mark, mark + 1);
        }
        break;
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) walk(item);
      } else if (isNode(value)) walk(value);
    }
  };
  walk(program as unknown as Any);
  return edits.empty ? code : edits.apply(code).text;
}

const isNode = (value: unknown): value is Any =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Node).type === 'string' &&
  typeof (value as Node).start === 'number';

function position(code: string, offset: number): { line: number; column: number } {
  const before = code.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
