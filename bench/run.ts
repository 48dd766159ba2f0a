/**
 * bunker's benchmark: one command (`npm run bench`), every figure from the same run, baselines
 * included. Prints a table and writes bench/results.json; BENCHMARKS.md quotes it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { run, Sandbox } from '../src/index.js';
import { runtimePaths } from '../src/host/runtime-paths.js';

const FIB = 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }';
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function sample(count: number, once: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const ms = (v: number) => `${v.toFixed(3)} ms`;
const rows: [string, string][] = [];
const results: Record<string, number> = {};
const record = (name: string, key: string, value: number, unit: 'ms' | 'µs' = 'ms') => {
  results[key] = value;
  rows.push([name, unit === 'µs' ? `${(value * 1000).toFixed(1)} µs` : ms(value)]);
};

// Baseline: a bare Bun process, no sandbox.
const bareSpawn = await sample(30, () => spawnSync(runtimePaths().bun, ['-e', '1']));
record('bare `bun -e 1` spawn, p50 (baseline)', 'bareSpawnP50', quantile(bareSpawn, 0.5));

// Baseline: one line to a bare Bun process and back over a pipe, the floor of any eval.
{
  const echo = spawn(runtimePaths().bun, [join(import.meta.dirname, 'echo-guest.js')], {
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
  const trips = await sample(3000, roundTrip);
  record(
    'bare Node -> Bun -> Node pipe round trip, p50 (floor)',
    'pipeRoundTripP50',
    quantile(trips, 0.5),
    'µs',
  );
  echo.stdin!.end();
}

const runs = await sample(60, () => run('1+1'));
record("run('1+1'), p50", 'runP50', quantile(runs, 0.5));
record("run('1+1'), p95", 'runP95', quantile(runs, 0.95));

const sandbox = await Sandbox.create();
await sample(200, () => sandbox.eval('1+1'));
const evals = await sample(2000, () => sandbox.eval('1+1'));
record("Sandbox#eval('1+1'), p50", 'evalP50', quantile(evals, 0.5), 'µs');
record("Sandbox#eval('1+1'), p95", 'evalP95', quantile(evals, 0.95), 'µs');

await sandbox.eval(FIB);
const guestFib = await sample(5, async () => (await sandbox.eval('fib(30)')).value);
record('fib(30) in the sandbox, median', 'guestFib', quantile(guestFib, 0.5));
await sandbox.dispose();

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same source as the guest runs
const hostFibFn = new Function(`${FIB}; return fib(30)`) as () => number;
const hostFib = await sample(5, () => hostFibFn());
record('fib(30) in the host process (baseline), median', 'hostFib', quantile(hostFib, 0.5));

// How far past timeoutMs a TimeoutError arrives (target: <= 50 ms), on a ready sandbox.
const overshoots: number[] = [];
for (let i = 0; i < 10; i++) {
  const victim = await Sandbox.create({ timeoutMs: 200 });
  const begin = performance.now();
  await victim.eval('for (;;) {}').catch(() => {});
  overshoots.push(performance.now() - begin - 200);
  await victim.dispose();
}
overshoots.sort((a, b) => a - b);
record(
  'timeout overshoot past timeoutMs (200 ms), p50',
  'timeoutOvershootP50',
  quantile(overshoots, 0.5),
);
record(
  'timeout overshoot past timeoutMs (200 ms), max',
  'timeoutOvershootMax',
  quantile(overshoots, 1),
);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`machine: ${machine}\n`);
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
console.log(
  `\nfib(30) sandbox / host: ${(results.guestFib! / results.hostFib!).toFixed(2)}x (target <= 1.5x)`,
);
console.log(`Sandbox#eval p50: ${(results.evalP50! * 1000).toFixed(1)} µs (target <= 100 µs)`);
writeFileSync(
  join(import.meta.dirname, 'results.json'),
  JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2) + '\n',
);
