/** Runs one peer (bench/peers/*.ts) in a Node process of its own and reads its report. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PeerFigures } from '../peers/report.js';

export type PeerOutcome = { ok: true; figures: PeerFigures } | { ok: false; reason: string };

const PEER_TIMEOUT_MS = 180_000;

export async function runPeer(file: string, nodeFlags: string[] = []): Promise<PeerOutcome> {
  const entry = join(import.meta.dirname, '..', 'peers', file);
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...nodeFlags, '--import', 'tsx', entry],
      { encoding: 'utf8', timeout: PEER_TIMEOUT_MS, maxBuffer: 16 * 2 ** 20 },
    );
    return { ok: true, figures: JSON.parse(stdout) as PeerFigures };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const reason = stderr ? stderr.split('\n').slice(-3).join(' ') : String(error);
    return { ok: false, reason };
  }
}
