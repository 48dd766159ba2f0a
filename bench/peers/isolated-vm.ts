/**
 * Peer: isolated-vm (V8 isolates inside the Node process). Run with --no-node-snapshot, which
 * isolated-vm requires on Node >= 20. Sync calls: the async ones add a thread hop per call.
 */
import ivm from 'isolated-vm';
import { measureCompute } from '../lib/compute.js';
import { sample } from '../lib/stats.js';
import { FRESH_SAMPLES, FRESH_WARMUP, emit, expectTwo, installedVersion } from './report.js';

/** MB, isolated-vm's own default; bunker's default memoryLimit is 64 MiB above its baseline. */
const MEMORY_LIMIT_MB = 128;

function freshEval(): void {
  const isolate = new ivm.Isolate({ memoryLimit: MEMORY_LIMIT_MB });
  const context = isolate.createContextSync();
  expectTwo(context.evalSync('1+1'));
  context.release();
  isolate.dispose();
}

await sample(FRESH_WARMUP, freshEval);
const freshMs = await sample(FRESH_SAMPLES, freshEval);

const isolate = new ivm.Isolate({ memoryLimit: MEMORY_LIMIT_MB });
const context = isolate.createContextSync();
const compute = await measureCompute((code) => context.evalSync(code) as unknown);
isolate.dispose();

emit({ name: 'isolated-vm', version: installedVersion('isolated-vm'), freshMs, compute });
