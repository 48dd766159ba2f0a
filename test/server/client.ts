/**
 * A test client for `bunker serve --stdio`: the built bin/bunker.js as a black box, with an
 * isolated HOME and a minimal environment. Answers are collected in arrival order and handed to
 * whoever waits for their id.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { descendants } from '../../src/host/proc.js';

const root = resolve(import.meta.dirname, '..', '..');

export interface Answer {
  v: number;
  id: string | number | null;
  ok: boolean;
  value?: unknown;
  error?: { name: string; code: string; message: string; stack?: string };
  console: string;
  consoleTruncated: boolean;
  requests: Record<string, unknown>[];
  requestsOmitted: number;
  stats: { wallMs: number; cpuMs: number; peakMemoryBytes: number; hostCalls: number };
}

export class ServerClient {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every line the server wrote, parsed, in order (the ready line first). */
  readonly lines: Record<string, unknown>[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = '';
  private readonly waiters = new Map<unknown, (answer: Answer) => void>();
  /** Host-function call lines (`"type":"call"`): not answers; handed here. */
  onCall: (line: Record<string, unknown>) => void = () => {};
  private readonly ready: Promise<Record<string, unknown>>;
  private nextId = 1;
  /** Every process the server started, as last seen: checked for leftovers after it exits. */
  private readonly seen = new Set<number>();

  /** `flags` follow `serve --stdio`. */
  constructor(env: Record<string, string> = {}, flags: string[] = []) {
    const home = mkdtempSync(join(tmpdir(), 'bunker-serve-'));
    const argv = [join(root, 'bin', 'bunker.js'), 'serve', '--stdio', ...flags];
    this.child = spawn(process.execPath, argv, {
      cwd: home,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env },
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    let buffered = '';
    let onReady: (line: Record<string, unknown>) => void = () => {};
    this.ready = new Promise((resolve) => (onReady = resolve));
    this.child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
        buffered = buffered.slice(newline + 1);
        this.lines.push(line);
        if (line.type === 'ready') onReady(line);
        else if (line.type === 'call') this.onCall(line);
        else this.waiters.get(line.id)?.(line as unknown as Answer);
      }
    });
  }

  /** Resolves with the ready line. */
  started(): Promise<Record<string, unknown>> {
    return this.ready;
  }

  /** Sends `{v:1, id, ...fields}` and resolves with its answer. */
  request(fields: Record<string, unknown>, id: string | number = this.nextId++): Promise<Answer> {
    const answer = this.answerFor(id);
    this.write(JSON.stringify({ v: 1, id, ...fields }) + '\n');
    return answer;
  }

  /** Resolves with the next answer carrying `id` (also null). */
  answerFor(id: string | number | null): Promise<Answer> {
    return new Promise((resolve) =>
      this.waiters.set(id, (answer) => {
        this.waiters.delete(id);
        resolve(answer);
      }),
    );
  }

  write(text: string | Buffer): void {
    this.child.stdin.write(text);
  }

  async create(options: Record<string, unknown> = {}): Promise<string> {
    const answer = await this.request({ op: 'create', options });
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    const handle = (answer.value as { handle: string }).handle;
    this.remember();
    return handle;
  }

  /** Records the server's current process tree (guests included); returns how many it holds. */
  remember(): number {
    const tree = descendants(this.child.pid!);
    for (const p of tree) this.seen.add(p.pid);
    return tree.length;
  }

  /** The processes seen under the server that are still alive (waits up to 3 s for them to go). */
  async survivors(): Promise<number[]> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const alive = [...this.seen].filter((pid) => isAlive(pid));
      if (alive.length === 0 || Date.now() > deadline) return alive;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Answers (not the ready line) carrying `id`. */
  answersWithId(id: unknown): Record<string, unknown>[] {
    return this.lines.filter((line) => line.type !== 'ready' && line.id === id);
  }

  async close(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.stdin.end();
    return this.exited;
  }
}

/** Whether `pid` still runs (a zombie has ended). */
export function isAlive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false;
  }
  // A zombie (state Z, after the comm in parentheses) has ended; only its exit status is left.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}
