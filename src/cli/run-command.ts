/** `bunker run`: flags -> options (through the one schema) -> run -> output and exit status. */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ArgumentError } from '../errors.js';
import { resolveOptions, type ResolvedOptions } from '../options.js';
import { jsonOutcome, renderJson, type JsonOutcome } from '../json-outcome.js';
import { failure } from '../result.js';
import { runResolved } from '../run.js';
import { inFlagTerms, OPTION_FLAG_TYPES, optionsFrom, readText } from './flags.js';
import { printHuman } from './human-output.js';

export const EXIT = { ok: 0, scriptFailed: 1, usage: 2, sandbox: 70 } as const;

const FLAGS = {
  eval: { type: 'string', short: 'e' },
  typescript: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
  /** Script text on stdout is escaped only on a terminal (src/cli/script-text.ts). */
  stdoutIsTerminal: boolean;
}

interface Invocation {
  code: string;
  options: ResolvedOptions;
  json: boolean;
}

function parseInvocation(argv: string[], io: Io): Invocation | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...FLAGS, ...OPTION_FLAG_TYPES },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 1)
    throw new ArgumentError(`expected one script, got ${positionals.join(' ')}`);
  const file = positionals[0];
  const script = values.eval;
  if (typeof script === 'string' && file !== undefined)
    throw new ArgumentError('give either FILE or -e CODE, not both');
  let code: string;
  if (typeof script === 'string') code = script;
  else if (file === undefined || file === '-') code = io.readStdin();
  else code = readText(file);
  const options = optionsFrom(values);
  options.typescript = values.typescript ?? (file !== undefined && /\.[mc]?ts$/.test(file));
  // The file's own name, never its directory: stacks read `at report.js:3:5`, and where the
  // file lives on the host is no business of the script's (nor of whoever reads its output).
  if (file !== undefined && file !== '-') options.filename ??= basename(file);
  // One run per command: a pool would start processes only to kill them at exit.
  options.pool = false;
  try {
    return { code, options: resolveOptions(options), json: values.json === true };
  } catch (error) {
    if (error instanceof ArgumentError) throw new ArgumentError(inFlagTerms(error.message));
    throw error;
  }
}

export async function runCommand(argv: string[], io: Io, help: string): Promise<number> {
  let invocation: Invocation | 'help';
  try {
    invocation = parseInvocation(argv, io);
  } catch (error) {
    const usage =
      error instanceof ArgumentError
        ? error
        : new ArgumentError(error instanceof Error ? error.message : String(error));
    if (argv.includes('--json')) io.stdout(renderJson({}, jsonOutcome(failure(usage))) + '\n');
    else io.stderr(`bunker: ${usage.message}\nRun "bunker --help" for usage.\n`);
    return EXIT.usage;
  }
  if (invocation === 'help') {
    io.stdout(help);
    return EXIT.ok;
  }
  const outcome = await runResolved(invocation.code, invocation.options);
  const rendered = jsonOutcome(outcome);
  if (invocation.json) io.stdout(renderJson({}, rendered) + '\n');
  // A value too large to render as JSON is refused the same way without --json.
  else printHuman(outcome.ok && !rendered.ok ? rendered : outcome, io);
  return exitStatus(rendered);
}

function exitStatus(outcome: JsonOutcome): number {
  if (outcome.ok) return EXIT.ok;
  if (outcome.error.name !== 'SandboxError') return EXIT.scriptFailed;
  // A script that starts processes or breaks the protocol failed; the sandbox did not.
  return outcome.error.code === 'PROCESS_LIMIT' || outcome.error.code === 'PROTOCOL_ERROR'
    ? EXIT.scriptFailed
    : EXIT.sandbox;
}
