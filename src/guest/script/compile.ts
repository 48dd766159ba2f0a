/**
 * Compiles the user's JavaScript as a script of the guest realm, with eval's semantics.
 *
 * Most code runs exactly as written, in a vm.Script: JavaScriptCore then gives the completion
 * value, the positions and the script semantics (no top-level return, no `arguments`, `this` the
 * global object) by itself, at no cost. Only two things need the parser and an edit that keeps
 * positions (edits.ts): top-level `let`/`const`/`class`, which become global variables so that a
 * later eval may declare them again (globals.ts), and a top-level await, which needs an async
 * function around the code (async-script.ts).
 */
import vm from 'node:vm';
import { asyncScript } from './async-script.js';
import { Edits } from './edits.js';
import { declaresLexically, lexicalToGlobal } from './globals.js';
import { awaitsAtTopLevel, parserLoaded, parseScript, ScriptSyntaxError } from './parse.js';
import { locate, register } from './stack.js';

/** Code without these words needs no parser: a plain script, as it is. */
const NEEDS_PARSER = /\b(?:let|const|class|await)\b/;

/** Whether compiling this code needs the parser loaded first (parse.ts, loadParser). */
export const needsParser = (code: string): boolean => NEEDS_PARSER.test(code);

export function compileScript(code: string, filename: string): vm.Script {
  if (!needsParser(code)) return compileAs(code, register(filename), code);
  let program;
  try {
    program = parseScript(code);
  } catch (error) {
    // Newer syntax than the parser knows, perhaps: JavaScriptCore has the last word.
    if (!(error instanceof ScriptSyntaxError)) throw error;
    try {
      return new vm.Script(code, { filename: register(filename) });
    } catch {
      throw error;
    }
  }
  if (awaitsAtTopLevel(program)) {
    const { text, map } = asyncScript(program, code);
    return compileAs(text, register(filename, map), code);
  }
  if (!declaresLexically(program)) return compileAs(code, register(filename), code);
  const edits = new Edits();
  lexicalToGlobal(program, edits);
  const { text, map } = edits.apply(code);
  return compileAs(text, register(filename, map), code);
}

/** Compiles; a syntax error is reported at its place in the user's code. */
function compileAs(text: string, compiledName: string, code: string): vm.Script {
  try {
    return new vm.Script(text, { filename: compiledName });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // The parser pins the place exactly; JavaScriptCore gives only the line.
    if (parserLoaded()) {
      try {
        parseScript(code);
      } catch (parsed) {
        if (parsed instanceof ScriptSyntaxError) throw parsed;
      }
    }
    const { line } = error as SyntaxError & { line?: number };
    const at = locate(compiledName, line ?? 1, 1);
    throw new ScriptSyntaxError(error.message, at?.line ?? 1, at?.column ?? 1);
  }
}
