/**
 * A test node: the built `bunker serve --http 127.0.0.1:0` as a black box, with an isolated HOME
 * and a minimal environment. Its stderr log lines are collected, parsed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..', '..');

/** Tokens of the test token file. */
export const TOKENS = {
  acme: 'acme-token-0123456789abcdef',
  other: 'other-token-0123456789abcdef',
  small: 'small-token-0123456789abcdef',
  metrics: 'metrics-token-0123456789abcdef',
};

export const TOKEN_FILE = {
  tokens: [
    { token: TOKENS.acme, tenant: 'acme' },
    { token: TOKENS.other, tenant: 'other' },
    {
      token: TOKENS.small,
      tenant: 'small',
      ceilings: {
        timeoutMs: 1000,
        memoryLimit: '32mb',
        concurrency: 1,
        sandboxes: 1,
        fetch: 'off',
      },
    },
  ],
};

export function writeTokenFile(content: unknown = TOKEN_FILE): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bunker-tokens-')), 'tokens.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

/** A JSON answer's fields that the tests read (an outcome, a created id, a probe). */
export interface Body {
  ok: boolean;
  value: unknown;
  error: { name: string; code: string; message: string; stack?: string };
  console: string;
  stats: { wallMs: number; cpuMs: number; peakMemoryBytes: number; hostCalls: number };
  id: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: Body;
  text: string;
}

export class TestNode {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every stderr line, parsed when JSON. */
  readonly log: Record<string, unknown>[] = [];
  stderr = '';
  readonly url: Promise<string>;

  /** `flags` follow `serve`; without --http, `--http 127.0.0.1:0` is added. */
  constructor(flags: string[] = [], env: Record<string, string> = {}) {
    const home = mkdtempSync(join(tmpdir(), 'bunker-http-'));
    const http = flags.includes('--http') ? [] : ['--http', '127.0.0.1:0'];
    const argv = [join(root, 'bin', 'bunker.js'), 'serve', ...http, ...flags];
    this.child = spawn(process.execPath, argv, {
      cwd: home,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env },
    });
    this.exited = new Promise((done) =>
      this.child.once('exit', (code, signal) => done({ code, signal })),
    );
    let found: (url: string) => void = () => {};
    let failed: (error: Error) => void = () => {};
    this.url = new Promise((done, fail) => ((found = done), (failed = fail)));
    this.url.catch(() => {}); // a node meant to fail at start is awaited through `exited`
    void this.exited.then(({ code }) =>
      failed(new Error(`the node exited (${code}) before listening: ${this.stderr}`)),
    );
    let buffered = '';
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        this.log.push(line);
        if (line.event === 'listening') found(line.url as string);
      }
    });
  }

  /** A request to the node; `body` is sent as JSON unless it is a string. */
  async request(
    method: string,
    path: string,
    {
      token,
      body,
      headers = {},
    }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (token !== undefined)
      (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch((await this.url) + path, init);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Prometheus text, HTML: read as `text`.
    }
    return { status: response.status, headers: response.headers, body: parsed as Body, text };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
