/**
 * The longest stall of the host's event loop while a guest floods frames, against an idle
 * baseline of the same run, and how late a neighbour past its deadline is killed meanwhile.
 * Measured in a process of its own (bench/frame-stall/child.ts): its guests hold Bun.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface FrameStall {
  /** Longest stall in 2 s of an idle host with one ready Sandbox, in ms. */
  idleMs: number;
  /** While a guest writes console frames for its own eval for 2 s. */
  consoleFloodMs: number;
  /** While a guest writes the audit's frame: 16 million nested arrays for an id not in flight. */
  deepFrameOtherIdMs: number;
  /** While the host decodes a legitimate 32 MiB result of 16 million zeros for the eval in flight. */
  heavyResultMs: number;
  /** Meanwhile, the latest kill of a neighbour `for (;;) {}` past its timeoutMs (by its wallMs). */
  neighbourKillLateMs: number;
}

export async function frameStall(): Promise<FrameStall> {
  const child = join(import.meta.dirname, '..', 'frame-stall', 'child.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return JSON.parse(stdout) as FrameStall;
}
