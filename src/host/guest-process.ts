/**
 * One guest process: spawned inside the OS sandbox, supervised until it ends. It knows nothing
 * about evals; it turns bytes into validated frames and every way the process can end into one
 * termination reason (the first one recorded wins).
 */
import { basename } from 'node:path';
import { SandboxError } from '../errors.js';
import type { GuestFrame, HostFrame } from '../protocol/frames.js';
import { MAX_FRAME_BYTES } from '../protocol/frames.js';
import { LineSplitter } from '../protocol/line-splitter.js';
import { enforcingThreadReady, Enforcer, type Violation } from './enforcer.js';
import { readGuestFrame, type Awaiting } from './guest-frames.js';
import type { GuestLaunch } from './launch-spec.js';
import { backend } from './platform/index.js';
import { confinementProblem, descendants } from './proc.js';
import { runtimePaths } from './runtime-paths.js';
import { spawnSandboxed, type SandboxProcess } from './spawner/spawner.js';

export type Termination =
  | { kind: Violation; detail: string }
  | { kind: 'protocol'; detail: string }
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null; stderr: string }
  | { kind: 'timeout'; detail: string }
  | { kind: 'disposed'; detail: string };

/** How long a sandbox may take to start before it counts as broken. */
const START_TIMEOUT_MS = 15_000;
/** Host → guest bytes that may wait for the guest to read them: several of the largest fetch answers. */
const MAX_UNREAD_INPUT = 256 * 1024 * 1024;

const wrapped = new Map<string, Promise<string[]>>();

/** Wrapping costs ~40 ms (the library scans the filesystem); the result depends only on the spec. */
function wrappedArgv(launch: GuestLaunch): Promise<string[]> {
  let argv = wrapped.get(launch.key);
  if (!argv) {
    argv = backend().wrap(launch.spec);
    wrapped.set(launch.key, argv);
    argv.catch(() => wrapped.delete(launch.key));
  }
  return argv;
}

export class GuestProcess {
  termination: Termination | undefined;
  watchdog: Enforcer | undefined;
  /** What the host waits for from the guest; any other frame ends it (PROTOCOL_ERROR). */
  awaiting: Awaiting = { kind: 'ready' };
  onFrame: (frame: GuestFrame) => void = () => {};
  onTerminate: (termination: Termination) => void = () => {};
  readonly exited: Promise<void>;

  /**
   * Eval ids count per process, from 1 for the process's owner: an id tells a script only how
   * many evals its own process has had, never how many ran elsewhere on this host.
   */
  private nextId = 1;

  private constructor(
    private readonly sandbox: SandboxProcess,
    private readonly memoryLimit: number,
  ) {
    const splitter = new LineSplitter(
      MAX_FRAME_BYTES,
      (line) => this.receive(line),
      () =>
        this.terminate({
          kind: 'protocol',
          detail: `the guest sent a frame over ${MAX_FRAME_BYTES} bytes`,
        }),
    );
    sandbox.frames.on('data', (chunk: Buffer) => splitter.push(chunk));
    sandbox.frames.on('error', () => {}); // a reset is an end like any other
    sandbox.input.on('error', () => {}); // EPIPE after the guest died is reported by its exit
    const framesRead = new Promise((resolve) => sandbox.frames.once('close', resolve));
    void sandbox.exited.then(() => this.watchdog?.processGone());
    // Ended once it is gone and every frame it wrote has been read.
    this.exited = Promise.all([sandbox.exited, framesRead]).then(([status]) => {
      this.watchdog?.stop();
      this.terminate({ kind: 'exit', ...status });
    });
  }

  /** Starts a guest and resolves once it is ready for its first eval. */
  static async start(launch: GuestLaunch, memoryLimit: number): Promise<GuestProcess> {
    // No guest runs unwatched: the enforcing thread starts (once per host) while this one does.
    const [[command, ...args]] = await Promise.all([wrappedArgv(launch), enforcingThreadReady()]);
    let sandbox: SandboxProcess;
    try {
      sandbox = await spawnSandboxed({
        command: command!,
        args,
        // Only what the wrapper chain needs: the guest itself starts with `env -i`.
        env: { PATH: '/usr/bin:/bin' },
        cwd: runtimePaths().guestRoot,
      });
    } catch (error) {
      const stderr = error instanceof Error ? error.message : String(error);
      throw startFailure({ kind: 'exit', code: null, signal: null, stderr });
    }
    const guest = new GuestProcess(sandbox, memoryLimit);
    await guest.handshake(launch);
    return guest;
  }

  send(frame: HostFrame): void {
    if (this.termination) return;
    const stdin = this.sandbox.input;
    // A guest that stops reading its input (a script that escaped and writes fetch frames without
    // reading the answers) must not park the answers in the host's memory without bound.
    if (stdin.writableLength > MAX_UNREAD_INPUT) {
      this.terminate({
        kind: 'protocol',
        detail: `the guest stopped reading its input (${stdin.writableLength} bytes waiting)`,
      });
      return;
    }
    stdin.write(JSON.stringify(frame) + '\n');
  }

  /** The id for the next eval or set request. */
  nextEvalId(): number {
    return this.nextId++;
  }

  /**
   * The process has run only the host's own warm-up: its owner's ids start again from 1 (no frame
   * of the warm-up can still arrive: any frame now would end the process), and it is not watched
   * until that owner's first eval.
   */
  handOver(): void {
    this.nextId = 1;
    this.watchdog?.pause();
  }

  /**
   * Records the reason (first one wins) and kills the whole sandbox. A kill the enforcing thread
   * already made wins over the reason given here: it happened first, whatever the main thread
   * was busy with meanwhile.
   */
  terminate(termination: Termination): void {
    // Whoever awaits `exited` must see it: keep the host alive until the process is reaped.
    this.holdHost(true);
    if (!this.termination) {
      this.termination = this.watchdog?.violation() ?? termination;
      this.onTerminate(this.termination);
    }
    this.kill();
  }

  /**
   * Ends the sandbox with one SIGKILL to the outer bubblewrap: its --die-with-parent kills the
   * inner one, which is the PID namespace's init, and the kernel then kills everything in the
   * namespace, whatever the script started. Signalling recorded guest pids instead would risk a
   * reused pid, and scanning /proc for them cost ~6 ms on a busy host, on the caller's path.
   */
  kill(): void {
    this.watchdog?.stop();
    this.sandbox.kill();
  }

  private receive(line: Buffer): void {
    if (this.termination) return;
    const violation = this.watchdog?.violation();
    if (violation) return this.terminate(violation);
    const frame = readGuestFrame(line, this.awaiting);
    if (typeof frame === 'string') return this.terminate({ kind: 'protocol', detail: frame });
    this.onFrame(frame);
  }

  /** Whether this process (and its pipes) keeps the host's event loop alive. */
  private holdHost(hold: boolean): void {
    this.sandbox.hold(hold);
  }

  private async handshake(launch: GuestLaunch): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.terminate({
          kind: 'timeout',
          detail: `the sandbox did not start within ${START_TIMEOUT_MS} ms`,
        });
      }, START_TIMEOUT_MS);
      this.onFrame = () => {
        this.awaiting = { kind: 'nothing' };
        clearTimeout(timer);
        resolve();
      };
      this.onTerminate = (termination) => {
        clearTimeout(timer);
        reject(startFailure(termination));
      };
    });
    this.send(launch.init);
    await ready;
    this.onTerminate = () => {};
    this.onFrame = () => {};
    try {
      this.startWatchdog();
    } catch (error) {
      // Nothing may run unwatched, nor be left running: whatever failed, the sandbox ends here.
      if (!this.termination)
        this.terminate({ kind: 'protocol', detail: `its watchdog failed: ${String(error)}` });
      throw startFailure(this.termination!);
    }
    // A ready guest does not keep the host alive (an eval's deadline timer does while it runs);
    // when the host exits, bubblewrap's --die-with-parent takes the sandbox down with it.
    this.holdHost(false);
  }

  private startWatchdog(): void {
    const root = this.sandbox.pid;
    const tree = descendants(root);
    const bunName = basename(runtimePaths().bun).slice(0, 15);
    const guest = tree.find((p) => p.comm === bunName);
    if (!guest) {
      this.terminate({
        kind: 'protocol',
        detail: 'the guest process was not found in the sandbox',
      });
      throw startFailure(this.termination!);
    }
    const problem = confinementProblem(guest.pid);
    if (problem !== undefined) {
      this.terminate({ kind: 'protocol', detail: `the guest is not confined: ${problem}` });
      throw startFailure(this.termination!);
    }
    this.watchdog = new Enforcer(
      { root, guest: guest.pid, expectedProcesses: tree.length },
      this.memoryLimit,
      (violation, detail) => this.terminate({ kind: violation, detail }),
      (detail) => this.terminate({ kind: 'exit', code: null, signal: null, stderr: detail }),
    );
  }
}

function startFailure(termination: Termination): SandboxError {
  const detail =
    termination.kind === 'exit'
      ? `exited with ${termination.signal ?? `code ${termination.code}`}${termination.stderr ? `: ${termination.stderr.trim()}` : ''}`
      : termination.detail;
  return new SandboxError('SANDBOX_START_FAILED', `the sandbox failed to start: ${detail}`);
}
