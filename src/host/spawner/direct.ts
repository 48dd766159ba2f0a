/**
 * Starting a sandbox from the host's own thread, for a host running on Bun: its IPC channel
 * carries no descriptors, so the spawner cannot hand a sandbox's pipes over. The spawn then
 * blocks the event loop until the child has exec'd, as it did before the spawner.
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { childExit } from './child-exit.js';
import type { SandboxProcess, SpawnRequest } from './spawner.js';

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
  const exited = childExit(child);
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
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  });
}
