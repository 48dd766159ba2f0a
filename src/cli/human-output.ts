/**
 * `bunker run` without --json: console output, fetch lines and the value or error, for people.
 * Script text goes through script-text.ts: always on stderr, where bunker's own lines are; on
 * stdout only when it is a terminal (piped or redirected, the console output stays byte-exact).
 */
import { inspect } from 'node:util';
import type { RequestRecord } from '../broker/record.js';
import type { Outcome } from '../result.js';
import type { Io } from './run-command.js';
import { scriptField, scriptLines } from './script-text.js';

export function printHuman(outcome: Outcome, io: Io): void {
  const out = (text: string) => io.stdout(io.stdoutIsTerminal ? scriptLines(text) : text);
  if (outcome.console) out(outcome.console);
  if (outcome.consoleTruncated) io.stderr('bunker: console output truncated (consoleMaxBytes)\n');
  for (const request of outcome.requests) io.stderr(`bunker: fetch ${describeRequest(request)}\n`);
  if (outcome.requestsOmitted > 0)
    io.stderr(`bunker: ${outcome.requestsOmitted} more fetch attempts, none sent, not listed\n`);
  if (outcome.ok) {
    if (outcome.value !== undefined)
      out(inspect(outcome.value, { depth: 6, colors: false }) + '\n');
    return;
  }
  const { error } = outcome;
  // The guest stack starts with the message already printed on the first line.
  const frames = error.stack?.startsWith(error.message)
    ? error.stack.slice(error.message.length + 1)
    : error.stack;
  io.stderr(scriptLines(`${error.name}: ${error.message}\n${frames ? frames + '\n' : ''}`));
}

/**
 * `GET http://api.test/ → 200 (12 ms, 41 bytes)`, `… → blocked (allowlist)`,
 * `… → HTTPError: connection refused (3 ms, 0 bytes)`.
 */
function describeRequest(request: RequestRecord): string {
  const { status, blocked } = request;
  const [method, url] = [scriptField(request.method), scriptField(request.url)];
  const error = request.error === undefined ? undefined : scriptField(request.error);
  const start = `${method} ${url} → `;
  if (blocked === 'disabled')
    return `${start}blocked (fetch is off: give --allow-host or --deny-host)`;
  if (blocked !== undefined) return `${start}blocked (${blocked})`;
  const ended =
    error === undefined ? String(status) : status === null ? error : `${status}, then ${error}`;
  const bytes =
    request.requestBytes > 0
      ? `${request.requestBytes} bytes sent, ${request.responseBytes} received`
      : `${request.responseBytes} bytes`;
  return `${start}${ended} (${Math.round(request.durationMs)} ms, ${bytes})`;
}
