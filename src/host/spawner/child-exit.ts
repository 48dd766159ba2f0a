/**
 * How a sandbox process ended, as the spawner (main.ts) and a Bun host (direct.ts) both report
 * it: the exit status once its stderr has closed too, with the tail of that stderr.
 */
import type { ChildProcess } from 'node:child_process';
import { STDERR_KEEP } from './messages.js';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The tail of the sandbox's raw stderr, or why it could not start. */
  stderr: string;
}

/** Call at once after the spawn, before any stderr can be missed. */
export function childExit(child: ChildProcess): Promise<ExitStatus> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  // Not 'close': that also waits for the sandbox's other pipes, which the host holds open.
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );
  const stderrDone = new Promise((resolve) => child.stderr!.once('close', resolve));
  return Promise.all([exited, stderrDone]).then(([[code, signal]]) => ({ code, signal, stderr }));
}
