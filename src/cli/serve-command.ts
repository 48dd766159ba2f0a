/** `bunker serve --stdio`: flags -> the stdio server, until stdin closes or a signal ends it. */
import { parseArgs } from 'node:util';
import { configureDefaultPool } from '../default-pool.js';
import { serveStdio } from '../server/stdio.js';
import { EXIT, type Io } from './run-command.js';

export async function serveCommand(argv: string[], io: Io, help: string): Promise<number> {
  let values: { stdio?: boolean; help?: boolean; 'max-processes'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stdio: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'max-processes': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`bunker: ${(error as Error).message}\nRun "bunker --help" for usage.\n`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(help);
    return EXIT.ok;
  }
  if (!values.stdio) {
    io.stderr('bunker: serve needs --stdio (the only transport so far)\n');
    return EXIT.usage;
  }
  const maxProcesses = values['max-processes'];
  if (maxProcesses !== undefined) {
    try {
      configureDefaultPool({ maxProcesses: Number(maxProcesses) });
    } catch (error) {
      io.stderr(`bunker: --max-processes ${maxProcesses}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const debug = process.env.BUNKER_DEBUG === '1';
  return serveStdio({
    input: process.stdin,
    output: process.stdout,
    signals: process,
    log: debug ? (message) => io.stderr(`bunker serve: ${message}\n`) : undefined,
  });
}
