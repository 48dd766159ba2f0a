/**
 * bunker as its users get it: the built package (dist/, the guest bundled into one file). From
 * src/ under tsx the guest would start unbundled, ~7 ms slower per process. run.ts brings dist/
 * up to date (scripts/setup.sh) before this module is loaded.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as BunkerModule from '../../src/index.js';

export type Bunker = typeof BunkerModule;

export const ROOT = join(import.meta.dirname, '..', '..');

export async function loadBunker(): Promise<Bunker> {
  return (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as Bunker;
}
