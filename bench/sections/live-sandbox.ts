/** A live Sandbox: eval latency, then the compute workload timed one eval at a time. */
import type { Bunker } from '../lib/bunker.js';
import { measureCompute, type ComputeFigures } from '../lib/compute.js';
import { quietGuests } from '../lib/guests.js';
import { latency, sample, type Latency } from '../lib/stats.js';

export interface LiveSandbox {
  eval: Latency;
  /** Timed from the host: each figure includes one eval round trip (see `eval`). */
  compute: ComputeFigures;
}

export async function liveSandbox({ Sandbox }: Bunker): Promise<LiveSandbox> {
  const sandbox = await Sandbox.create();
  try {
    await quietGuests(10_000); // the pool's refill for the process just taken
    await sample(500, () => sandbox.eval('1+1'));
    const evals = latency(await sample(5000, () => sandbox.eval('1+1')));
    const compute = await measureCompute(async (code) => (await sandbox.eval(code)).value);
    return { eval: evals, compute };
  } finally {
    await sandbox.dispose();
  }
}
