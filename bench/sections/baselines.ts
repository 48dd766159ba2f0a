/** Baselines without any sandbox: a bare Bun process start, and a bare pipe round trip. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { latency, sample, type Latency } from '../lib/stats.js';

/** Spawn, run `1`, exit: what any one-process-per-run design pays at least. */
export async function bareSpawn(bun: string): Promise<Latency> {
  const once = () => spawnSync(bun, ['-e', '1']);
  await sample(10, once);
  return latency(await sample(100, once));
}

/** One line to a bare Bun process and back over pipes: the floor of any eval of a live process. */
export async function pipeRoundTrip(bun: string): Promise<Latency> {
  const echo = spawn(bun, [join(import.meta.dirname, '..', 'echo-guest.js')], {
    stdio: ['pipe', 'ignore', 'inherit', 'pipe'],
  });
  let next: (() => void) | undefined;
  (echo.stdio[3] as NodeJS.ReadableStream).on('data', () => next?.());
  const roundTrip = () =>
    new Promise<void>((resolve) => {
      next = resolve;
      echo.stdin!.write('{"v":1}\n');
    });
  await sample(300, roundTrip);
  const trips = await sample(5000, roundTrip);
  echo.stdin!.end();
  return latency(trips);
}
