/**
 * The code of a file the host runs apart from its own thread (the enforcing thread, the spawner
 * process). From dist/ it is a .js file beside this one; in source form (tests, benchmarks, run
 * through tsx) it is TypeScript, which neither a worker nor a plain `node` can load on Node 20
 * (loader hooks are per thread), so it is bundled once with esbuild (a dependency of tsx).
 */
import { fileURLToPath } from 'node:url';

export interface EntrySource {
  /** A path to run, or the bundled code itself when `eval` is set. */
  code: string;
  eval: boolean;
}

/** `relative` names the file without extension, from this folder (`./enforcer-worker`). */
export async function entrySource(relative: string): Promise<EntrySource> {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return { code: fileURLToPath(new URL(`${relative}.js`, here)), eval: false };
  const esbuild = (await import('esbuild')) as {
    build(options: object): Promise<{ outputFiles: { text: string }[] }>;
    stop(): Promise<void>;
  };
  const built = await esbuild.build({
    entryPoints: [fileURLToPath(new URL(`${relative}.ts`, here))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  });
  // Its service would otherwise stay, a child process no test started (tsx's runs elsewhere:
  // in the loader-hooks thread).
  await esbuild.stop();
  return { code: built.outputFiles[0]!.text, eval: true };
}
