/**
 * Before and after, in one run: the same measurements against two built checkouts of bunker
 * (this one and another, e.g. a worktree of the commit before a change), interleaved so that
 * the machine's load falls on both alike.
 *
 *   node --import tsx bench/checkouts-ab.ts /path/to/other/checkout [ROUNDS]
 *
 * Each round measures, in each checkout: a cold `run('1+1', { pool: false })`, 50 evals of
 * `1+1` on one live Sandbox, and 50 warm `run('1+1', { tenant })` back to back (the tenant's
 * process stays from round to round). Prints p50/p95 per checkout as JSON.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as BunkerModule from '../src/index.js';
import { latency, type Latency } from './lib/stats.js';

type Bunker = typeof BunkerModule;

const other = resolve(process.argv[2] ?? '');
const rounds = Number(process.argv[3] ?? 40);
const here = join(import.meta.dirname, '..');

const load = async (root: string) =>
  (await import(pathToFileURL(join(root, 'dist', 'index.js')).href)) as Bunker;

interface Samples {
  cold: number[];
  evalOnePlusOne: number[];
  tenantRun: number[];
}

const TENANT = { tenant: 'checkouts-ab' };

async function round(bunker: Bunker, into: Samples): Promise<void> {
  let began = performance.now();
  const cold = await bunker.run('1+1', { pool: false });
  into.cold.push(performance.now() - began);
  if (cold.value !== 2) throw new Error('cold run gave ' + String(cold.value));
  const sandbox = await bunker.Sandbox.create({ pool: false });
  try {
    for (let i = 0; i < 50; i++) {
      began = performance.now();
      await sandbox.eval('1+1');
      into.evalOnePlusOne.push(performance.now() - began);
    }
  } finally {
    await sandbox.dispose();
  }
  await bunker.run('1+1', TENANT); // the first of a round may wait for the tenant's collection
  for (let i = 0; i < 50; i++) {
    began = performance.now();
    await bunker.run('1+1', TENANT);
    into.tenantRun.push(performance.now() - began);
  }
}

const samples = (): Samples => ({ cold: [], evalOnePlusOne: [], tenantRun: [] });
const checkouts = [
  { name: 'this checkout', root: here, samples: samples() },
  { name: other, root: other, samples: samples() },
];
const loaded = await Promise.all(checkouts.map((c) => load(c.root)));
for (let i = 0; i < rounds; i++)
  for (const [index, checkout] of checkouts.entries())
    await round(loaded[index]!, checkout.samples);

const report: Record<string, Record<keyof Samples, Latency>> = {};
for (const checkout of checkouts)
  report[checkout.name] = {
    cold: latency(checkout.samples.cold),
    evalOnePlusOne: latency(checkout.samples.evalOnePlusOne),
    tenantRun: latency(checkout.samples.tenantRun),
  };
console.log(JSON.stringify(report, null, 2));
process.exit(0);
