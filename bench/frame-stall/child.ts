/**
 * Runs in a Node process of its own (the escaped guest is per process): the longest stall of the
 * host's event loop while a guest floods frames, beside an idle baseline, and how late a
 * neighbour past its deadline is killed meanwhile. Prints one JSON object (FrameStall).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Sandbox } from '../../src/index.js';
import { defaultPool } from '../../src/default-pool.js';
import { useEscapedGuest } from '../../test/support/escaped-guest.js';
import type { FrameStall } from '../sections/frame-stall.js';

useEscapedGuest();

const SPIN_TIMEOUT_MS = 500;

/** The longest event-loop stall, in ms, while `work` runs. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await work();
  // The work may end in the very task that stalled: let the histogram see one more turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  return histogram.max / 1e6;
}

async function withSandboxes<T>(count: number, options: object, use: (s: Sandbox[]) => Promise<T>) {
  const sandboxes = await Promise.all(Array.from({ length: count }, () => Sandbox.create(options)));
  try {
    return await use(sandboxes);
  } finally {
    await Promise.all(sandboxes.map((s) => s.dispose()));
  }
}

const flood = (code: string) => () =>
  withSandboxes(1, { memoryLimit: '512mb', timeoutMs: 60_000 }, ([s]) => s!.evalOutcome(code));

await withSandboxes(1, {}, ([s]) => s!.eval('1')); // module loading, the enforcing thread, the wrapper

const idle = await longestStall(() => new Promise((resolve) => setTimeout(resolve, 2000)));
const consoleFlood = await longestStall(
  flood(`const line = '{"v":1,"type":"console","id":1,"text":"${'y'.repeat(100)}\\\\n"}\\n'.repeat(10_000);
  const end = performance.now() + 2000; while (performance.now() < end) await Bun.write(Bun.file(3), line); 0`),
);
const deepOtherId = await longestStall(
  flood(`const d = 16 * 1024 * 1024 - 64;
  await Bun.write(Bun.file(3), '{"v":1,"type":"result","id":999999,"value":' + "[".repeat(d / 2) + "]".repeat(d / 2) + "}\\n");
  await new Promise(() => {})`),
);

// A legitimate 32 MiB result of 16 million zeros, decoded on the main thread, with a neighbour
// spinning past its deadline meanwhile.
const lateKills: number[] = [];
const heavyResult = await withSandboxes(
  2,
  { memoryLimit: '512mb', timeoutMs: 60_000 },
  async ([flooder]) => {
    await flooder!.eval(`globalThis.frame = new TextEncoder().encode(
      '{"v":1,"type":"result","id":2,"value":[' + "0,".repeat(16 * 1024 * 1024 - 64) + '0]}\\n'); 0`);
    const spinners = await Promise.all(
      [SPIN_TIMEOUT_MS, 2 * SPIN_TIMEOUT_MS, 4 * SPIN_TIMEOUT_MS].map((timeoutMs) =>
        Sandbox.create({ timeoutMs }),
      ),
    );
    try {
      return await longestStall(() =>
        Promise.all([
          flooder!.evalOutcome('await Bun.write(Bun.file(3), frame); await new Promise(() => {})'),
          ...spinners.map(async (spinner, i) => {
            const outcome = await spinner.evalOutcome('for (;;) {}');
            lateKills.push(outcome.stats.wallMs - SPIN_TIMEOUT_MS * 2 ** i);
          }),
        ]),
      );
    } finally {
      await Promise.all(spinners.map((s) => s.dispose()));
    }
  },
);
await defaultPool().dispose();

const result: FrameStall = {
  idleMs: idle,
  consoleFloodMs: consoleFlood,
  deepFrameOtherIdMs: deepOtherId,
  heavyResultMs: heavyResult,
  neighbourKillLateMs: Math.max(...lateKills),
};
process.stdout.write(JSON.stringify(result) + '\n');
