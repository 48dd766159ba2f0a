/** The `bunker` command line. */
import { readFileSync } from 'node:fs';
import { HELP } from './help.js';
import { EXIT, runCommand, type Io } from './run-command.js';
import { serveCommand } from './serve-command.js';

const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
  stdoutIsTerminal: process.stdout.isTTY === true,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === 'run') return runCommand(rest, io, HELP);
  if (command === 'serve') return serveCommand(rest, io, HELP);
  io.stderr(`bunker: unknown command "${command}"\nRun "bunker --help" for usage.\n`);
  return EXIT.usage;
}
