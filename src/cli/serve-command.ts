/**
 * `bunker serve --stdio` and `bunker serve --http [HOST:]PORT`: flags -> the server, until stdin
 * closes (stdio) or a signal ends it.
 */
import { parseArgs } from 'node:util';
import { configureDefaultPool } from '../default-pool.js';
import { ArgumentError } from '../errors.js';
import { resolveHttpServerSettings, type HttpServerConfig } from '../server/http/config.js';
import { parseListenAddress } from '../server/http/listen-address.js';
import { serveHttp } from '../server/http/serve.js';
import { loadTokenFile } from '../server/http/token-file.js';
import { serveStdio } from '../server/stdio.js';
import { EXIT, type Io } from './run-command.js';

const FLAGS = {
  stdio: { type: 'boolean' },
  http: { type: 'string' },
  'token-file': { type: 'string' },
  'node-id': { type: 'string' },
  'sandbox-idle-ms': { type: 'string' },
  'drain-timeout-ms': { type: 'string' },
  'max-body-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'max-processes': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS }>>['values'];

export async function serveCommand(argv: string[], io: Io, help: string): Promise<number> {
  let values: Values;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true }));
  } catch (error) {
    io.stderr(`bunker: ${(error as Error).message}\nRun "bunker --help" for usage.\n`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(help);
    return EXIT.ok;
  }
  if ((values.stdio === true) === (values.http !== undefined)) {
    io.stderr('bunker: serve needs one of --stdio or --http [HOST:]PORT\n');
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
  if (values.http !== undefined) return serveHttpCommand(values, values.http, io);
  const debug = process.env.BUNKER_DEBUG === '1';
  return serveStdio({
    input: process.stdin,
    output: process.stdout,
    signals: process,
    log: debug ? (message) => io.stderr(`bunker serve: ${message}\n`) : undefined,
  });
}

async function serveHttpCommand(values: Values, listen: string, io: Io): Promise<number> {
  let config: HttpServerConfig;
  const number = (flag: keyof Values) =>
    values[flag] === undefined ? undefined : Number(values[flag]);
  try {
    config = {
      ...resolveHttpServerSettings({
        nodeId: values['node-id'],
        sandboxIdleMs: number('sandbox-idle-ms'),
        drainTimeoutMs: number('drain-timeout-ms'),
        maxBodyBytes: number('max-body-bytes'),
      }),
      listen: parseListenAddress(listen),
      tokens: values['token-file'] === undefined ? undefined : loadTokenFile(values['token-file']),
    };
    return await serveHttp(config, process, (line) => io.stderr(line + '\n'));
  } catch (error) {
    if (!(error instanceof ArgumentError) && !isListenError(error)) throw error;
    io.stderr(`bunker: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
}

const isListenError = (error: unknown) =>
  error instanceof Error &&
  ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes((error as NodeJS.ErrnoException).code ?? '');
