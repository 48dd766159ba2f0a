/**
 * sandbox-runtime hands back one shell string, which the shells of its chain then run:
 * `bash -c "bwrap … -- bash -c 'apply-seccomp bash -c COMMAND'"`. Each of those three shells only
 * parses its string and execs the next program (measured: ~1–2 ms of CPU and a process start
 * each, on every sandbox start). This recovers the same bubblewrap arguments and the same
 * apply-seccomp as argv, so that the host spawns bubblewrap itself and apply-seccomp starts the
 * command: every mount, namespace and filter the library chose stays exactly as it chose it.
 *
 * Only the exact form above is taken apart, with a parser that accepts nothing but the library's
 * own quoting (bare safe words and single-quoted segments); anything else (an arguments file, a
 * proxy bridge, a quoting the parser does not know) returns undefined and the library's string
 * runs through a shell as before.
 */
import { basename } from 'node:path';

/** Characters quote() leaves bare: nothing in them is special to a shell. */
const BARE = /[A-Za-z0-9_./:=@+,-]+/y;

/** The words of a string made by sandbox-runtime's `quote()`, or undefined if it is not one. */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let at = 0;
  while (at < text.length) {
    let word = '';
    const start = at;
    while (at < text.length && text[at] !== ' ') {
      BARE.lastIndex = at;
      const bare = BARE.exec(text);
      if (bare) {
        word += bare[0];
        at += bare[0].length;
      } else if (text.startsWith(`"'"`, at)) {
        word += "'";
        at += 3;
      } else if (text[at] === "'") {
        const end = text.indexOf("'", at + 1);
        if (end < 0) return undefined;
        word += text.slice(at + 1, end);
        at = end + 1;
      } else {
        return undefined;
      }
    }
    if (at === start) return undefined;
    words.push(word);
    // Words are joined by exactly one space, and nothing ends in one.
    if (at < text.length && (++at === text.length || text[at] === ' ')) return undefined;
  }
  return words;
}

/**
 * The argv that runs `argv` in the sandbox `wrapped` describes, with no shell in between, or
 * undefined when `wrapped` is not `BWRAP … -- SHELL -c 'APPLY_SECCOMP SHELL -c COMMAND'` for this
 * very `command`.
 */
export function directArgv(
  wrapped: string,
  command: string,
  bwrap: string,
  argv: string[],
): string[] | undefined {
  const words = shellWords(wrapped);
  if (words === undefined || words.length < 5 || words[0] !== bwrap) return undefined;
  const [separator, shell, dashC, script] = words.slice(-4) as [string, string, string, string];
  if (separator !== '--' || dashC !== '-c') return undefined;
  const inner = shellWords(script);
  if (inner === undefined || inner.length !== 4) return undefined;
  const [applySeccomp, innerShell, innerDashC, innerCommand] = inner as [
    string,
    string,
    string,
    string,
  ];
  if (basename(applySeccomp) !== 'apply-seccomp' || !applySeccomp.startsWith('/')) return undefined;
  if (innerShell !== shell || innerDashC !== '-c' || innerCommand !== command) return undefined;
  return [...words.slice(0, -3), applySeccomp, ...argv];
}
