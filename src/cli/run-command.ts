/** `bunker run`: flags -> options (through the one schema) -> run -> output and exit status. */
import { readFileSync } from 'node:fs';
import { parseArgs, inspect } from 'node:util';
import { ArgumentError } from '../errors.js';
import { resolveOptions, type ResolvedOptions } from '../options.js';
import { jsonOutcome } from '../json-outcome.js';
import type { Outcome } from '../result.js';
import { runResolved } from '../run.js';

export const EXIT = { ok: 0, scriptFailed: 1, usage: 2, sandbox: 70 } as const;

const FLAGS = {
  eval: { type: 'string', short: 'e' },
  'timeout-ms': { type: 'string' },
  'cpu-time-ms': { type: 'string' },
  'memory-limit': { type: 'string' },
  'console-max-bytes': { type: 'string' },
  'stack-limit': { type: 'string' },
  'max-string-length': { type: 'string' },
  'allow-read': { type: 'string', multiple: true },
  'allow-write': { type: 'string', multiple: true },
  'allow-eval': { type: 'boolean' },
  typescript: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
}

interface Invocation {
  code: string;
  options: ResolvedOptions;
  json: boolean;
}

function integer(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new ArgumentError(`--${flag} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function parseInvocation(argv: string[], io: Io): Invocation | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: FLAGS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 1)
    throw new ArgumentError(`expected one script, got ${positionals.join(' ')}`);
  const file = positionals[0];
  if (values.eval !== undefined && file !== undefined)
    throw new ArgumentError('give either FILE or -e CODE, not both');
  let code: string;
  if (values.eval !== undefined) code = values.eval;
  else if (file === undefined || file === '-') code = io.readStdin();
  else {
    try {
      code = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ArgumentError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  const typescript = values.typescript ?? (file !== undefined && /\.[mc]?ts$/.test(file));
  const options = resolveOptions(
    dropUndefined({
      timeoutMs: integer('timeout-ms', values['timeout-ms']),
      cpuTimeMs: integer('cpu-time-ms', values['cpu-time-ms']),
      memoryLimit: values['memory-limit'],
      consoleMaxBytes: integer('console-max-bytes', values['console-max-bytes']),
      stackLimit: values['stack-limit'],
      maxStringLength: integer('max-string-length', values['max-string-length']),
      allowRead: values['allow-read'],
      allowWrite: values['allow-write'],
      allowEval: values['allow-eval'],
      typescript,
      // One run per command: a pool would start processes only to kill them at exit.
      pool: false,
    }),
  );
  return { code, options, json: values.json ?? false };
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export async function runCommand(argv: string[], io: Io, help: string): Promise<number> {
  let invocation: Invocation | 'help';
  try {
    invocation = parseInvocation(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (argv.includes('--json')) {
      io.stdout(
        JSON.stringify({
          ok: false,
          error: { name: 'ArgumentError', code: 'INVALID_OPTION', message },
        }) + '\n',
      );
    } else io.stderr(`bunker: ${message}\nRun "bunker --help" for usage.\n`);
    return EXIT.usage;
  }
  if (invocation === 'help') {
    io.stdout(help);
    return EXIT.ok;
  }
  const outcome = await runResolved(invocation.code, invocation.options);
  if (invocation.json) io.stdout(JSON.stringify(jsonOutcome(outcome)) + '\n');
  else printHuman(outcome, io);
  return exitStatus(outcome);
}

function printHuman(outcome: Outcome, io: Io): void {
  if (outcome.console) io.stdout(outcome.console);
  if (outcome.consoleTruncated) io.stderr('bunker: console output truncated (consoleMaxBytes)\n');
  if (outcome.ok) {
    if (outcome.value !== undefined)
      io.stdout(inspect(outcome.value, { depth: 6, colors: false }) + '\n');
    return;
  }
  const { error } = outcome;
  // The guest stack starts with the message already printed on the first line.
  const frames = error.stack?.startsWith(error.message)
    ? error.stack.slice(error.message.length + 1)
    : error.stack;
  io.stderr(`${error.name}: ${error.message}\n${frames ? frames + '\n' : ''}`);
}

function exitStatus(outcome: Outcome): number {
  if (outcome.ok) return EXIT.ok;
  if (outcome.error.name !== 'SandboxError') return EXIT.scriptFailed;
  // A script that starts processes or breaks the protocol failed; the sandbox did not.
  return outcome.error.code === 'PROCESS_LIMIT' || outcome.error.code === 'PROTOCOL_ERROR'
    ? EXIT.scriptFailed
    : EXIT.sandbox;
}
