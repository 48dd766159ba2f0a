/**
 * A test-only guest that hands the script Bun's API, so that the layers under the realm (the OS
 * sandbox, the host's limits, the protocol) stay tested now that the realm itself holds.
 *
 * Nothing of it is shipped: the host is pointed at a wrapper through the existing
 * BUNKER_BUN_PATH (which names the Bun binary the host trusts), and the wrapper starts the real
 * binary with a preload that defines `Bun` in every realm the guest creates. The shipped guest
 * and host have no switch of their own for it.
 *
 * Call useEscapedGuest() at the top of a test file, before its first run: the host reads the path
 * once per process. Every sandbox of that file then starts escaped.
 */
import { chmodSync, copyFileSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');

/**
 * The preload: every node:vm context the guest makes gets `Bun` and `BunRealm` (Bun's own global
 * object, with its timers and intrinsics) as globals.
 */
const PRELOAD = `const vm = require('node:vm');
const create = vm.createContext;
const runtime = globalThis;
vm.createContext = function (...args) {
  const context = create.apply(this, args);
  for (const [name, value] of [['Bun', Bun], ['BunRealm', runtime]])
    Object.defineProperty(context, name, { value, writable: true, configurable: true });
  return context;
};
`;

/**
 * The wrapper, named like the real binary because the host finds its guest by the process's name.
 * It forks nothing (a `$(dirname …)` would show a second process of that name) and runs only
 * `sh`, readable inside the sandbox.
 */
const WRAPPER = `#!/bin/sh
# sh exports PWD; the guest's environment must stay exactly what the host gave it.
unset PWD
exec "\${0%/*}/real/bun.exe" --preload "\${0%/*}/escape-preload.cjs" "$@"
`;

let prepared: string | undefined;

/** Builds the wrapper directory (once per process) and points this process's host at it. */
export function useEscapedGuest(): void {
  process.env.BUNKER_BUN_PATH = escapedBunPath();
}

/** The wrapper's path, for a host in another process (BUNKER_BUN_PATH in its environment). */
export function escapedBunPath(): string {
  return (prepared ??= prepare());
}

function prepare(): string {
  const require = createRequire(import.meta.url);
  const realBun = join(dirname(require.resolve('bun/package.json')), 'bin', 'bun.exe');
  // Per process: test files run in parallel processes and must not rewrite each other's wrapper.
  const dir = join(repoRoot, 'node_modules', '.bunker', `escaped-bun-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'real'), { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  // The binary must sit under the wrapper's directory: only that directory is readable inside.
  const binary = join(dir, 'real', 'bun.exe');
  try {
    linkSync(realBun, binary);
  } catch {
    copyFileSync(realBun, binary);
    chmodSync(binary, 0o755);
  }
  writeFileSync(join(dir, 'escape-preload.cjs'), PRELOAD);
  writeFileSync(join(dir, 'bun.exe'), WRAPPER, { mode: 0o755 });
  return join(dir, 'bun.exe');
}
