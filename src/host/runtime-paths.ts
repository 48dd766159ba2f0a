/** Where the Bun binary and the guest runtime live on this host. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface RuntimePaths {
  bun: string;
  /**
   * The guest entry: dist/guest/bundle/main.js (quickest to start) or dist/guest/main.js
   * when the host runs from dist/, src/guest/main.ts when it runs from source.
   */
  guestEntry: string;
  /** Directory holding guest/ and protocol/ (read-only inside the sandbox). */
  guestRoot: string;
  /** sandbox-runtime's vendor dir (apply-seccomp must be readable inside). */
  sandboxRuntimeVendor: string;
  /**
   * Packages the guest imports (the parser), readable inside when the entry is not the bundle,
   * which carries them itself.
   */
  guestPackages: string[];
}

let cached: RuntimePaths | undefined;

export function runtimePaths(): RuntimePaths {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const bunPackage = dirname(require.resolve('bun/package.json'));
  const srtPackage = dirname(dirname(require.resolve('@anthropic-ai/sandbox-runtime')));
  const guestRoot = dirname(here);
  const entry = ['bundle/main.js', 'main.js', 'main.ts']
    .map((name) => join(guestRoot, 'guest', name))
    .find((path) => existsSync(path));
  cached = {
    bun: process.env.BUNKER_BUN_PATH ?? join(bunPackage, 'bin', 'bun.exe'),
    guestEntry: entry ?? join(guestRoot, 'guest', 'main.ts'),
    guestRoot,
    sandboxRuntimeVendor: join(srtPackage, 'vendor'),
    guestPackages: entry?.endsWith('bundle/main.js')
      ? []
      : [
          dirname(dirname(require.resolve('acorn'))),
          dirname(require.resolve('@sveltejs/acorn-typescript')),
        ],
  };
  return cached;
}
