/**
 * `bunker serve --stdio`: the server on stdin/stdout. stdout carries protocol lines only (a ready
 * line, then answers); diagnostics go through `log` (stderr, behind BUNKER_DEBUG=1).
 *
 * Ending: stdin closing, stdout breaking, SIGINT or SIGTERM all do the same: stop reading, dispose
 * every sandbox, wait until every request already read has its answer, resolve 0. A `run` in
 * flight is not interrupted; its own timeoutMs bounds the wait. A second signal resolves 1 at once.
 */
import { MAX_FRAME_BYTES } from '../protocol/frames.js';
import { ready } from './answers.js';
import { LineReader } from './line-reader.js';
import { Server, type Log } from './server.js';
import { packageVersion } from './version.js';

/** Largest request line; larger lines are skipped and refused, never buffered. */
export const MAX_LINE_BYTES = MAX_FRAME_BYTES;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface StdioServerIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where SIGINT/SIGTERM are delivered (the process). */
  signals: NodeJS.EventEmitter;
  log: Log;
}

export function serveStdio({ input, output, signals, log }: StdioServerIo): Promise<number> {
  return new Promise((resolve) => {
    let closing = false;
    let outputBroken = false;
    let waitingForDrain = false;

    const write = (line: string) => {
      if (outputBroken) return;
      if (output.write(line + '\n') || waitingForDrain) return;
      // The client is not reading: stop taking requests until it catches up.
      waitingForDrain = true;
      input.pause();
      output.once('drain', () => {
        waitingForDrain = false;
        if (!closing) input.resume();
      });
    };

    const server = new Server(write, MAX_LINE_BYTES, log);
    const reader = new LineReader(MAX_LINE_BYTES, {
      line: (bytes) => server.line(bytes),
      oversized: (prefix) => server.oversized(prefix),
    });

    const onSignal = (signal: NodeJS.Signals) => {
      if (!closing) return shutdown(`received ${signal}`);
      log?.(`received ${signal} again: exiting without waiting`);
      finish(1);
    };
    const finish = (status: number) => {
      for (const signal of SIGNALS) signals.off(signal, onSignal);
      resolve(status);
    };
    const shutdown = (reason: string) => {
      if (closing) return;
      closing = true;
      log?.(`${reason}: disposing every sandbox, then waiting for answers`);
      input.pause();
      input.removeAllListeners('data');
      server.close().then(
        () => finish(0),
        (error: unknown) => {
          log?.(`shutdown failed: ${String(error)}`);
          finish(1);
        },
      );
    };

    for (const signal of SIGNALS) signals.on(signal, onSignal);
    output.on('error', (error: Error) => {
      outputBroken = true;
      shutdown(`stdout failed (${error.message})`);
    });
    input.on('data', (chunk: Buffer) => reader.push(chunk));
    input.on('end', () => {
      reader.end();
      shutdown('stdin closed');
    });
    input.on('error', (error: Error) => shutdown(`stdin failed (${error.message})`));
    write(JSON.stringify(ready(packageVersion())));
  });
}
