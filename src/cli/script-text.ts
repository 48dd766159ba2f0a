/**
 * Text the script controls (console output, error messages and stacks, the values it returns,
 * URLs it fetched), made unable to drive a terminal or to pass for bunker's own lines, which all
 * start with "bunker:" on stderr.
 *
 * - Control and invisible characters (C0 and C1 controls but newline and tab, DEL, format
 *   characters such as bidi overrides and zero-width spaces, line and paragraph separators, lone
 *   surrogates) are written as escapes: ESC is `\x1b`, U+202E is `\u202e`.
 * - A line that starts (after blanks) with "bunker" gets `(script) ` in front.
 *
 * Homoglyphs ("bunкer" with a Cyrillic к) still look alike: --json is the way to tell the
 * script's output from bunker's records when that matters.
 */

// Every control (\p{Cc}) but newline and tab, formatting (\p{Cf}), separators, lone surrogates.
const INVISIBLE = /(?![\n\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const INVISIBLE_OR_BREAK = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const POSING = /^([ \t]*)(?=bunker)/gim;

export const SCRIPT_LINE_MARK = '(script) ';

function escape(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = code.toString(16);
  if (code < 0x100) return `\\x${hex.padStart(2, '0')}`;
  return code < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
}

/** Multi-line script text (console, a message, a stack): lines kept, each made harmless. */
export function scriptLines(text: string): string {
  return text.replace(INVISIBLE, escape).replace(POSING, `$1${SCRIPT_LINE_MARK}`);
}

/** Script text inside one of bunker's own lines (a URL): newlines escaped too. */
export function scriptField(text: string): string {
  return text.replace(INVISIBLE_OR_BREAK, escape);
}
