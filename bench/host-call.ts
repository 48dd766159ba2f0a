/**
 * One host function call's round trip (issue 14), against `Sandbox#eval('0')` in the same run:
 * an eval that makes one call, less a plain eval, is what the call adds; a loop of calls in one
 * eval gives the per-call cost without the eval's own. Prints a Markdown table (BENCHMARKS.md,
 * "Host functions"). Run: bash scripts/setup.sh && node --import tsx bench/host-call.ts
 * (the Ruby side: ruby/bench/host_call_bench.rb).
 */
import { loadavg } from 'node:os';
import { Sandbox } from '../dist/index.js';
import { latency, sample, type Latency } from './lib/stats.js';

const EVALS = Number(process.env.EVALS ?? 2000);
const LOOP = Number(process.env.LOOP ?? 20_000);
const WARMUP = 500;

const us = (ms: number) =>
  Math.abs(ms) >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
const row = (what: string, l: Latency) =>
  `| ${what} | ${us(l.p50)} | ${us(l.p95)} | ${us(l.p99)} |`;

const load = loadavg()[0]!.toFixed(2);
const sandbox = await Sandbox.create({ maxHostCalls: LOOP, functions: { f: (x: number) => x } });
try {
  // Its replacement process starts in the background after the first eval: let it settle.
  await sandbox.eval('0');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  for (let i = 0; i < WARMUP; i++) await sandbox.eval('f(1)');
  // Interleaved, so that both see the same machine (it is shared with other jobs).
  const plainTimes: number[] = [];
  const callTimes: number[] = [];
  const differences: number[] = [];
  for (let i = 0; i < EVALS; i++) {
    const [plainMs] = await sample(1, () => sandbox.eval('0'));
    const [callMs] = await sample(1, () => sandbox.eval('f(1)'));
    plainTimes.push(plainMs!);
    callTimes.push(callMs!);
    differences.push(callMs! - plainMs!);
  }
  const plain = latency(plainTimes);
  const oneCall = latency(callTimes);
  const share = latency(differences);
  const loops: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await sandbox.eval(`for (let i = 0; i < ${LOOP}; i++) f(i); 0`);
    loops.push((performance.now() - started) / LOOP);
  }
  const perCall = latency(loops);
  console.log(`load average at start: ${load}; ${EVALS} evals each, loop of ${LOOP} calls × 5`);
  console.log('| TypeScript, live Sandbox | p50 | p95 | p99 |');
  console.log('|---|---|---|---|');
  console.log(row("`eval('0')`", plain));
  console.log(row("`eval('f(1)')`: one host call", oneCall));
  console.log(row("one call's share: `eval('f(1)')` − the `eval('0')` before it", share));
  console.log(
    row(`one call in a loop of ${LOOP} (eval time / ${LOOP}; median of 5 loops)`, perCall),
  );
} finally {
  await sandbox.dispose();
}
