/**
 * What any fresh-process design pays on this machine before bunker's own work: bare Bun process
 * starts, and sandbox-runtime's wrapper chain (the same argv bunker spawns, bubblewrap and
 * apply-seccomp included) around `/bin/true` and around `bun -e 1`, all cores busy. Their
 * runs/s bound what `run()` can reach with one new sandboxed process per run.
 */
import { spawn } from 'node:child_process';
import { guestLaunch } from '../../src/host/launch-spec.js';
import { backend } from '../../src/host/platform/index.js';
import { resolveOptions } from '../../src/options.js';
import { saturate, type Throughput } from './throughput.js';

export interface Ceilings {
  bareBun: Throughput;
  chainTrue: Throughput;
  chainBun: Throughput;
}

const RUNS = 200;

function exited(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}`)),
    );
  });
}

/** bunker's own sandbox argv with the guest's command replaced by `command`. */
async function sandboxed(command: string[]): Promise<string[]> {
  const { spec } = guestLaunch(resolveOptions({}));
  return backend().wrap({ ...spec, argv: command });
}

export async function ceilings(bun: string): Promise<Ceilings> {
  const bunArgv = [bun, '-e', '1'];
  const chainTrue = await sandboxed(['/bin/true']);
  const chainBun = await sandboxed(bunArgv);
  return {
    bareBun: await saturate(RUNS, () => exited(bunArgv)),
    chainTrue: await saturate(RUNS, () => exited(chainTrue)),
    chainBun: await saturate(RUNS, () => exited(chainBun)),
  };
}
