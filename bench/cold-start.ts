/**
 * The cold start, step by step, before and after: this checkout against another built one (e.g.
 * a worktree of the commit before a change), every step interleaved so that the machine's load
 * falls on both alike.
 *
 *   node --import tsx bench/cold-start.ts /path/to/other/checkout [ROUNDS]
 *
 * Steps, each from spawn to exit unless said otherwise:
 * - bare `bun -e 1`, no sandbox (the baseline of the ratios);
 * - each checkout's sandbox chain (its own argv: bubblewrap, apply-seccomp and the wrappers)
 *   around `bun -e 1`;
 * - each checkout's guest bundle loaded by a bare Bun, stdin closed before init (load and
 *   compile only);
 * - the same with an init frame first: load, seccomp, hardening, realm, warm-up, ready;
 * - end to end: `run('1+1', { pool: false })`, then `Sandbox#eval('1+1')` on a live sandbox;
 * - fresh-process throughput, 4 callers: `run('1+1', { pool: false })` and bare `bun -e 1`.
 * CPU per start is given where the process is a direct child (bare Bun): the sandbox's own
 * processes are reaped inside its PID namespace and their CPU time does not reach this one.
 * Prints JSON.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as BunkerModule from '../src/index.js';
import { latency, type Latency } from './lib/stats.js';

interface Checkout {
  name: string;
  bunker: typeof BunkerModule;
  /** Its sandbox argv around `bun -e 1`. */
  chain: string[];
  /** Its guest entry file. */
  entry: string;
}

const otherRoot = resolve(process.argv[2] ?? '');
const rounds = Number(process.argv[3] ?? 30);
const here = join(import.meta.dirname, '..');
const bun = join(here, 'node_modules', 'bun', 'bin', 'bun.exe');
const INIT = JSON.stringify({
  v: 1,
  type: 'init',
  allowEval: false,
  maxStringLength: 2 ** 31 - 1,
});

async function load(name: string, root: string): Promise<Checkout> {
  const from = async <T>(path: string) =>
    (await import(pathToFileURL(join(root, 'dist', path)).href)) as T;
  const bunker = await from<typeof BunkerModule>('index.js');
  const { guestLaunch } =
    await from<typeof import('../src/host/launch-spec.js')>('host/launch-spec.js');
  const { backend } =
    await from<typeof import('../src/host/platform/index.js')>('host/platform/index.js');
  const { resolveOptions } = await from<typeof import('../src/options.js')>('options.js');
  const { runtimePaths } =
    await from<typeof import('../src/host/runtime-paths.js')>('host/runtime-paths.js');
  const { spec } = guestLaunch(resolveOptions({}));
  // The guest's command is its last word: run `-e 1` in its place, with every wrapper before it.
  const chain = await backend().wrap({ ...spec, argv: [...spec.argv.slice(0, -1), '-e', '1'] });
  return { name, bunker, chain, entry: runtimePaths().guestEntry };
}

/** CPU time (ms) of this process's reaped children so far. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

interface Step {
  wall: number[];
  cpuMs: number;
}

function timed(step: Step, argv: string[], input?: string): void {
  const cpu = childrenCpuMs();
  const began = performance.now();
  const result = spawnSync(argv[0]!, argv.slice(1), {
    input,
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    env: { PATH: '/usr/bin:/bin' },
  });
  step.wall.push(performance.now() - began);
  step.cpuMs += childrenCpuMs() - cpu;
  if (result.status !== 0)
    throw new Error(
      `${argv.join(' ').slice(-200)}: exit ${result.status}: ${String(result.stderr)}`,
    );
}

function exited(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: 'ignore',
      env: { PATH: '/usr/bin:/bin' },
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
}

/** Runs per second when 4 callers share `runs` calls of `once`. */
async function perSecond(runs: number, once: () => Promise<unknown>): Promise<number> {
  let started = 0;
  const caller = async () => {
    while (started < runs) {
      started++;
      await once();
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: 4 }, caller));
  return runs / ((performance.now() - began) / 1000);
}

const newStep = (): Step => ({ wall: [], cpuMs: 0 });
const checkouts = [await load('this checkout', here), await load(otherRoot, otherRoot)];
const steps = {
  bare: newStep(),
  ...Object.fromEntries(
    checkouts.flatMap((_, i) => [
      [`chain${i}`, newStep()],
      [`load${i}`, newStep()],
      [`init${i}`, newStep()],
      [`cold${i}`, newStep()],
      [`eval${i}`, newStep()],
    ]),
  ),
} as Record<string, Step>;

for (let round = 0; round < rounds; round++) {
  timed(steps.bare!, [bun, '-e', '1']);
  for (const [i, checkout] of checkouts.entries()) {
    timed(steps[`chain${i}`]!, checkout.chain);
    timed(steps[`load${i}`]!, [bun, '--no-install', checkout.entry], '');
    timed(steps[`init${i}`]!, [bun, '--no-install', checkout.entry], INIT + '\n');
    let began = performance.now();
    const cold = await checkout.bunker.run('1+1', { pool: false });
    steps[`cold${i}`]!.wall.push(performance.now() - began);
    if (cold.value !== 2) throw new Error(`cold run gave ${String(cold.value)}`);
    if (round % 5 === 0) {
      const sandbox = await checkout.bunker.Sandbox.create({ pool: false });
      for (let n = 0; n < 200; n++) {
        began = performance.now();
        await sandbox.eval('1+1');
        steps[`eval${i}`]!.wall.push(performance.now() - began);
      }
      await sandbox.dispose();
    }
  }
}

const throughput: Record<string, number[]> = { bare: [] };
for (let batch = 0; batch < 2; batch++) {
  throughput.bare!.push(await perSecond(100, () => exited([bun, '-e', '1'])));
  for (const checkout of checkouts)
    (throughput[checkout.name] ??= []).push(
      await perSecond(100, () => checkout.bunker.run('1+1', { pool: false })),
    );
}

const summary = (step: Step): Latency & { cpuMsPerStart: number } => ({
  ...latency(step.wall),
  cpuMsPerStart: step.cpuMs / step.wall.length,
});
const report: Record<string, unknown> = {
  loadAverage: readFileSync('/proc/loadavg', 'latin1').trim(),
  bareBun: summary(steps.bare!),
};
for (const [i, checkout] of checkouts.entries()) {
  const cold = latency(steps[`cold${i}`]!.wall);
  const runsPerSecond = throughput[checkout.name]!;
  report[checkout.name] = {
    chainAroundBunE1: summary(steps[`chain${i}`]!),
    bundleLoad: summary(steps[`load${i}`]!),
    bundleLoadAndInit: summary(steps[`init${i}`]!),
    coldRun: cold,
    coldRunOverBareSpawn: cold.p50 / latency(steps.bare!.wall).p50,
    evalOnePlusOne: latency(steps[`eval${i}`]!.wall),
    runsPerSecond4Callers: runsPerSecond,
    runsPerSecondOverBare: runsPerSecond.map((r, batch) => r / throughput.bare![batch]!),
  };
}
report.bareSpawnsPerSecond4Callers = throughput.bare;
console.log(JSON.stringify(report, null, 2));
process.exit(0);
