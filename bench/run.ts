/**
 * bunker's benchmark, `npm run bench`: every figure from one run, beside its baselines and the
 * other sandboxes (isolated-vm, QuickJS). First brings node_modules and dist/ up to date with
 * scripts/setup.sh (silent when nothing changed), so that what is measured is the built package;
 * then main.ts measures, prints the tables and writes bench/results.json, bench/latency.svg,
 * bench/compute.svg and the results block of BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const setup = spawnSync('bash', [join(import.meta.dirname, '..', 'scripts', 'setup.sh')], {
  stdio: 'inherit',
});
if (setup.status !== 0) {
  console.error('bench: scripts/setup.sh failed');
  process.exit(1);
}
await import('./main.js');
