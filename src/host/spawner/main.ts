/**
 * The spawner: a small Node process of the host's own that starts every sandbox. A spawn blocks
 * the thread that makes it until the child has exec'd (libuv waits for the exec or its error):
 * ~7 ms here on a quiet machine, p50 109 ms with 50 sandboxes starting at once, which on the
 * host's main thread held up every other run's frames, fetches and deadlines. Here it holds up
 * only the next spawn. A sandbox's two pipes go to the host over the IPC channel (SCM_RIGHTS);
 * its exit status and the tail of its stderr follow as a line on this process's stdout.
 *
 * Not on the channel: Node sends one descriptor at a time and queues every later message until
 * the host acknowledges it, a round trip through two busy event loops. With 50 sandboxes
 * starting at once here, exit reports behind that queue reached the host 4-9 s late (p50 4-6 s),
 * and runs whose guest had died sat out their whole deadline.
 *
 * Bubblewrap's --die-with-parent now names this process: when the host goes (its stdin or the
 * channel closes), this process kills every sandbox it started and exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { childExit } from './child-exit.js';
import {
  SPAWNER_TITLE,
  type ExitReport,
  type HandReport,
  type SpawnerRequest,
} from './messages.js';

process.title = SPAWNER_TITLE;

const children = new Map<number, ChildProcess>();

/** Hands one of a sandbox's pipes to the host. */
function hand(message: HandReport, handle: Socket): void {
  // A closed channel means the host is gone: hostGone() below ends everything.
  if (!process.connected) return void handle.destroy();
  // Kept open by Node only to be closed here once written: the message in flight holds the pipe
  // from then on. Left to Node, this copy stays until the host's acknowledgement, and the host
  // sees no end of the frames pipe before it, though the sandbox is long gone.
  process.send!(message, handle, { keepOpen: true }, () => handle.destroy());
}

function reportExit(message: ExitReport): void {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function start(request: Extract<SpawnerRequest, { type: 'spawn' }>): void {
  const { id } = request;
  let child: ChildProcess;
  try {
    child = spawn(request.command, request.args, {
      // Raw stdout goes nowhere: only fd 3 carries frames, and nothing a script prints may
      // grow anyone's memory.
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      env: request.env,
      cwd: request.cwd,
      detached: true,
    });
  } catch (error) {
    return reportExit({ type: 'exit', id, code: null, signal: null, stderr: String(error) });
  }
  if (child.pid === undefined) {
    // Failed outright (no such file, no permission): 'error' follows, and maybe nothing else.
    child.once('error', (error) =>
      reportExit({ type: 'exit', id, code: null, signal: null, stderr: String(error) }),
    );
    for (const stream of child.stdio) stream?.destroy();
    return;
  }
  children.set(id, child);
  child.on('error', () => {}); // a failed kill: the process is gone already
  void childExit(child).then((status) => {
    children.delete(id);
    reportExit({ type: 'exit', id, ...status });
  });
  hand({ type: 'input', id, pid: child.pid }, child.stdin as Socket);
  hand({ type: 'frames', id }, child.stdio[3] as Socket);
}

process.on('message', (request: SpawnerRequest) => {
  if (request.type === 'spawn') return start(request);
  children.get(request.id)?.kill('SIGKILL');
});

function hostGone(): void {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(0);
}

// Two signs that the host has gone. 'disconnect' alone is not enough: Node holds it back while a
// sent handle waits for the host's acknowledgement, forever if the host exited first (a server
// that closed with sandboxes starting). The host holds the only write end of this process's
// stdin, so its end of file comes however the host ended.
process.once('disconnect', hostGone);
process.stdin.on('data', () => {}).once('close', hostGone);
