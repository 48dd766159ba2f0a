/**
 * What a peer process reports to the benchmark: one JSON object on stdout. Each peer runs in a
 * Node process of its own, so no system measures another's heap, JIT state or threads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ComputeFigures } from '../lib/compute.js';

export interface PeerFigures {
  name: string;
  version: string;
  /** "Fresh environment + eval 1+1" samples, ms; absent for the host baseline. */
  freshMs?: number[];
  compute: ComputeFigures;
}

/** Untimed fresh environments before the timed ones, then the timed ones. */
export const FRESH_WARMUP = 20;
export const FRESH_SAMPLES = 200;

export function emit(figures: PeerFigures): void {
  process.stdout.write(JSON.stringify(figures));
}

export function installedVersion(pkg: string): string {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** A wrong answer is a broken benchmark, not a slow system. */
export function expectTwo(value: unknown): void {
  if (value !== 2) throw new Error(`1+1 gave ${String(value)}`);
}
