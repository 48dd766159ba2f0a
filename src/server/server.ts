/**
 * The server, independent of its transport: lines in, answer lines out. Every request runs at
 * once, concurrently with the others (a Sandbox runs its own evals one at a time, in arrival
 * order); every line gets exactly one answer, a refusal included: handlers turn every failure into
 * an Outcome, answerLine never throws (a result too large to render is answered as an error), and
 * the answer is sent before anything else (logging) could fail.
 */
import { SandboxError } from '../errors.js';
import { failure } from '../result.js';
import { answerLine, thrown } from './answers.js';
import { tagged } from './tagged-numbers.js';
import { handle } from './handlers.js';
import { parseRequest, sniffId, type Request } from './protocol.js';
import { ClientCalls } from './client-calls.js';
import { SandboxTable } from './sandbox-table.js';

/** Diagnostics (stderr, BUNKER_DEBUG=1); absent, the messages are not even built. */
export type Log = ((message: string) => void) | undefined;

export class Server {
  private readonly calls: ClientCalls;
  private readonly sandboxes: SandboxTable;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly send: (line: string) => void,
    private readonly maxLineBytes: number,
    private readonly log: Log,
  ) {
    this.calls = new ClientCalls(send);
    this.sandboxes = new SandboxTable(this.calls);
  }

  line(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    if (/^\s*$/.test(text)) return;
    const parsed = parseRequest(text);
    if (parsed.ok) return this.start(parsed.request);
    this.send(answerLine(parsed.id, failure(parsed.error)));
    this.log?.(`refused a line (id ${JSON.stringify(parsed.id)}): ${parsed.error.message}`);
  }

  /** A line over the cap was skipped; `prefix` is its start. */
  oversized(prefix: Buffer): void {
    const error = new SandboxError(
      'PROTOCOL_ERROR',
      `the line is longer than ${this.maxLineBytes} bytes; it was skipped`,
    );
    const id = sniffId(prefix.toString('latin1'));
    this.send(answerLine(id, failure(error)));
    this.log?.(`skipped an oversized line (id ${JSON.stringify(id)})`);
  }

  /** Disposes every sandbox, then waits until every request received so far has its answer. */
  async close(): Promise<void> {
    const closing = this.sandboxes.close();
    this.calls.close();
    await closing;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private start(request: Request): void {
    const started = performance.now();
    const task = handle(request, this.sandboxes, this.calls)
      .catch(thrown)
      .then((outcome) => {
        this.send(answerLine(request.id, outcome, { tagNumbers: tagged(request) }));
        const ms = (performance.now() - started).toFixed(1);
        this.log?.(
          `-> ${JSON.stringify(request.id)} ${outcome.ok ? 'ok' : outcome.error.code} ${ms} ms`,
        );
      })
      .catch(() => {}) // only logging can fail here, after the answer went out
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    // After the task exists: a log that fails cannot keep the request from its answer.
    this.log?.(`<- ${JSON.stringify(request.id)} ${request.op}`);
  }
}
