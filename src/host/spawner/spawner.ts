/**
 * The host's side of the spawner (main.ts): one spawner process per host, started with the
 * first sandbox and replaced if it ever ends. Every sandbox it starts arrives here as a
 * {@link SandboxProcess}: its pid, its two pipes and a promise of how it ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { entrySource } from '../entry-source.js';
import { ProcessProbe, readStat } from '../proc.js';
import type { ExitStatus } from './child-exit.js';
import { spawnDirect } from './direct.js';
import { LineSplitter } from '../../protocol/line-splitter.js';
import {
  MAX_REPORT_BYTES,
  type ExitReport,
  type HandReport,
  type SpawnerRequest,
} from './messages.js';

export interface SpawnRequest {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface SandboxProcess {
  readonly pid: number;
  /** The sandbox's stdin. */
  readonly input: Writable;
  /** The sandbox's fd 3. */
  readonly frames: Readable;
  /** Settles once the process is gone (reaped by the spawner). */
  readonly exited: Promise<ExitStatus>;
  /** Whether the process keeps the host's event loop alive. */
  hold(hold: boolean): void;
  /** SIGKILL to the process (a no-op once it is gone). */
  kill(): void;
}

interface Starting {
  resolve(started: Started): void;
  reject(error: Error): void;
  pid?: number;
  input?: Socket;
  started?: Started;
}

let current: Promise<Spawner> | undefined;

/** Starts a process through the host's spawner; rejects if it cannot be started. */
export async function spawnSandboxed(request: SpawnRequest): Promise<SandboxProcess> {
  if (process.versions.bun !== undefined) return spawnDirect(request);
  current ??= entrySource('./spawner/main').then((source) => new Spawner(source.code, source.eval));
  const spawner = await current;
  return spawner.spawn(request);
}

class Spawner {
  private readonly child: ChildProcess;
  private readonly starting = new Map<number, Starting>();
  private nextId = 1;
  private holds = 0;
  private gone = false;

  constructor(code: string, isSource: boolean) {
    this.child = spawn(process.execPath, isSource ? ['-e', code] : [code], {
      // Nothing of the host's environment or flags: the spawner passes each sandbox its own.
      // Its stdin is how it learns that the host has gone (main.ts): nothing is ever written.
      // Its stdout carries the exit reports.
      stdio: ['pipe', 'pipe', 'inherit', 'ipc'],
      env: { PATH: '/usr/bin:/bin' },
    });
    this.child.on('message', (message: HandReport, handle: Socket | undefined) =>
      this.receive(message, handle),
    );
    const reports = new LineSplitter(
      MAX_REPORT_BYTES,
      (line) => this.exitReported(JSON.parse(line.toString('utf8')) as ExitReport),
      () => this.child.kill('SIGKILL'), // not its own report: 'exit' below ends it all
    );
    this.child.stdout!.on('data', (chunk: Buffer) => reports.push(chunk));
    this.child.on('error', () => this.lost('it could not be started'));
    this.child.once('exit', (code, signal) => this.lost(`it exited with ${signal ?? code}`));
    // Only this process holds the write end (Node's own descriptors are close-on-exec).
    (this.child.stdin as Socket).unref();
    this.ref(false);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  spawn(request: SpawnRequest): Promise<SandboxProcess> {
    if (this.gone) return Promise.reject(new Error("bunker's spawner process has ended"));
    const id = this.nextId++;
    this.retain();
    return new Promise<Started>((resolve, reject) => {
      this.starting.set(id, { resolve, reject });
      this.send({ type: 'spawn', id, ...request });
    }).finally(() => this.release());
  }

  /** The spawner stays only while a sandbox or a spawn holds the host: it never keeps it alone. */
  retain(): void {
    if (this.holds++ === 0) this.ref(true);
  }

  release(): void {
    if (--this.holds === 0) this.ref(false);
  }

  send(request: SpawnerRequest): void {
    if (!this.gone && this.child.connected) this.child.send(request);
  }

  private ref(hold: boolean): void {
    if (hold) {
      this.child.ref();
      this.child.channel?.ref();
      (this.child.stdout as Socket).ref();
    } else {
      this.child.unref();
      this.child.channel?.unref();
      (this.child.stdout as Socket).unref();
    }
  }

  private receive(message: HandReport, handle: Socket | undefined): void {
    // Unknown: its exit report came first (it ended before its pipes got here).
    const starting = this.starting.get(message.id);
    if (!starting) return void handle?.destroy();
    if (message.type === 'input') {
      starting.pid = message.pid;
      starting.input = handle;
      return;
    }
    if (starting.pid === undefined || !starting.input || !handle) {
      handle?.destroy();
      return this.send({ type: 'kill', id: message.id });
    }
    const started = new Started(this, message.id, starting.pid, starting.input, handle);
    starting.started = started;
    starting.resolve(started);
  }

  private exitReported(report: ExitReport): void {
    const starting = this.starting.get(report.id);
    if (!starting) return;
    this.starting.delete(report.id);
    const status = { code: report.code, signal: report.signal, stderr: report.stderr };
    if (starting.started) return starting.started.ended(status);
    starting.input?.destroy();
    starting.reject(new Error(status.stderr || `it exited with ${status.signal ?? status.code}`));
  }

  /** Its sandboxes went with it (--die-with-parent); the next spawn starts a new spawner. */
  private lost(why: string): void {
    if (this.gone) return;
    this.gone = true;
    current = undefined;
    const status = { code: null, signal: 'SIGKILL' as const, stderr: `bunker's spawner: ${why}` };
    for (const starting of this.starting.values()) {
      if (starting.started) starting.started.ended(status);
      else {
        starting.input?.destroy();
        starting.reject(new Error(status.stderr));
      }
    }
    this.starting.clear();
  }
}

class Started implements SandboxProcess {
  readonly exited: Promise<ExitStatus>;
  private settle!: (status: ExitStatus) => void;
  private held = false;
  private done = false;
  /**
   * Its /proc entry, opened now and checked to be the spawner's child: while it still reads,
   * the pid is this process's and may be signalled from here (a reaped pid could be reused).
   */
  private readonly probe: ProcessProbe | undefined;

  constructor(
    private readonly spawner: Spawner,
    private readonly id: number,
    readonly pid: number,
    readonly input: Socket,
    readonly frames: Socket,
  ) {
    this.exited = new Promise((resolve) => (this.settle = resolve));
    const probe = new ProcessProbe(pid);
    const parent = readStat(pid)?.ppid;
    if (parent !== undefined && parent === spawner.pid && probe.cpuMs() !== undefined)
      this.probe = probe;
    else probe.close();
  }

  hold(hold: boolean): void {
    if (hold !== this.held && !this.done) {
      this.held = hold;
      if (hold) this.spawner.retain();
      else this.spawner.release();
    }
    for (const socket of [this.input, this.frames]) {
      if (hold) socket.ref();
      else socket.unref();
    }
  }

  kill(): void {
    if (this.done) return;
    if (this.probe?.cpuMs() !== undefined) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // ESRCH: it ended meanwhile
      }
    }
    // The spawner's kill also covers the moment before the probe was open.
    this.spawner.send({ type: 'kill', id: this.id });
  }

  ended(status: ExitStatus): void {
    if (this.done) return;
    this.done = true;
    this.probe?.close();
    // Nothing more can be written to it; and a socket a guest filled from its side would stay
    // paused, never see its end and keep the host alive.
    this.input.destroy();
    if (this.held) this.spawner.release();
    this.held = false;
    this.settle(status);
  }
}
