/**
 * Starting a sandbox from the host's own thread, for a host running on Bun: its IPC channel
 * carries no descriptors, so the spawner cannot hand a sandbox's pipes over. The spawn then
 * blocks the event loop until the child has exec'd, as it did before the spawner.
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { STDERR_KEEP } from './messages.js';
import type { ExitStatus, SandboxProcess, SpawnRequest } from './spawner.js';

type Refable = { ref?: () => void; unref?: () => void } | null;

export function spawnDirect(request: SpawnRequest): Promise<SandboxProcess> {
  const child = spawn(request.command, request.args, {
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    env: request.env,
    cwd: request.cwd,
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined)
    return new Promise((_, reject) => child.once('error', (error) => reject(error)));
  child.on('error', () => {}); // a failed kill: the process is gone already
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  let gone = false;
  const exitStatus = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => {
      gone = true;
      resolve([code, signal]);
    }),
  );
  const stderrDone = new Promise((resolve) => child.stderr!.once('close', resolve));
  const exited: Promise<ExitStatus> = Promise.all([exitStatus, stderrDone]).then(
    ([[code, signal]]) => ({ code, signal, stderr }),
  );
  return Promise.resolve({
    pid,
    input: child.stdin as Writable,
    frames: child.stdio[3] as Readable,
    exited,
    hold(hold: boolean) {
      for (const handle of [child, ...child.stdio] as Refable[]) {
        if (hold) handle?.ref?.();
        else handle?.unref?.();
      }
    },
    kill() {
      // Node signals only a child it has not reaped: never a reused pid.
      if (!gone) child.kill('SIGKILL');
    },
  });
}
