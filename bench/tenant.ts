/**
 * The tenant-reuse section alone (issue 12 part 1), for `npm run bench:tenant`: prints a
 * Markdown table and writes bench/tenant-results.json. Run inside the isolating namespace, as
 * `npm run bench` is.
 */
import { join } from 'node:path';
import { loadBunker } from './lib/bunker.js';
import { writeResults } from './lib/results-file.js';
import { describeMachine } from './lib/machine.js';
import { runtimePaths } from '../src/host/runtime-paths.js';
import { tenantReuse } from './sections/tenant.js';

const bunker = await loadBunker();
const machine = describeMachine(runtimePaths().bun);
const began = performance.now();
const figures = await tenantReuse(bunker);
const results = {
  date: new Date().toISOString(),
  durationSeconds: (performance.now() - began) / 1000,
  machine,
  ...figures,
};
await writeResults(join(import.meta.dirname, 'tenant-results.json'), results);

const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const lines = [
  `| measurement (${results.date.slice(0, 10)}) | p50 | p95 |`,
  '|---|---|---|',
  `| \`run('1+1')\` pooled, no tenant, every 100 ms (baseline) | ${us(figures.pooledRun.p50)} | ${us(figures.pooledRun.p95)} |`,
  `| \`Sandbox#eval('1+1')\` on a live Sandbox (baseline) | ${us(figures.sandboxEval.p50)} | ${us(figures.sandboxEval.p95)} |`,
  `| \`run('1+1', { tenant })\` warm, one every 20 ms | ${us(figures.tenantPaced.p50)} | ${us(figures.tenantPaced.p95)} |`,
  ...figures.scales.map(
    (s) =>
      `| \`run('1+1', { tenant })\` warm, ${s.tenants} tenant(s) round robin | ${us(s.latency.p50)} | ${us(s.latency.p95)} |`,
  ),
  '',
  '| tenants | runs/s, 4 callers | machine CPU / run | host CPU / run | idle processes | RSS / idle guest | PSS / idle guest | PSS, all idle guests |',
  '|---|---|---|---|---|---|---|---|',
  ...figures.scales.map(
    (s) =>
      `| ${s.tenants} | ${Math.round(s.runsPerSecond)} | ${s.machineCpuMsPerRun.toFixed(2)} ms | ${s.hostCpuMsPerRun.toFixed(2)} ms | ${s.idleProcesses} | ${mib(s.rssPerIdle)} | ${mib(s.pssPerIdle)} | ${mib(s.pssTotal)} |`,
  ),
];
process.stdout.write(lines.join('\n') + '\n');
process.exit(0);
