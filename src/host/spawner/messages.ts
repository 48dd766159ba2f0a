/**
 * What the host and its spawner process (main.ts) say to each other: requests and the pipes over
 * Node's IPC channel, exit reports as lines on the spawner's stdout.
 */

/** The spawner's process title, so that tools and tests can tell it from a sandbox. */
export const SPAWNER_TITLE = 'bunker-spawner';

/** Bytes of a sandbox's raw stderr kept for diagnostics (Bun's crash report, bwrap's complaint). */
export const STDERR_KEEP = 4096;

export type SpawnerRequest =
  | {
      type: 'spawn';
      id: number;
      command: string;
      args: string[];
      env: Record<string, string>;
      cwd: string;
    }
  | { type: 'kill'; id: number };

export type HandReport =
  /** Carries the sandbox's stdin as its handle. */
  | { type: 'input'; id: number; pid: number }
  /** Carries the sandbox's fd 3 (its frames) as its handle. */
  | { type: 'frames'; id: number };

/** The sandbox ended (or never started). May arrive before its pipes do. */
export interface ExitReport {
  type: 'exit';
  id: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Longest exit report line: the stderr tail, JSON-escaped, and the fields around it. */
export const MAX_REPORT_BYTES = 8 * STDERR_KEEP + 1024;
