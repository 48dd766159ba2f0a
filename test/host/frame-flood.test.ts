/**
 * A guest cannot stall the host: whatever it writes to fd 3, every other guest's limits (and its
 * own) are enforced on time, and a frame that is not the one the host waits for ends its run as
 * PROTOCOL_ERROR before the host spends anything on it. Scripts here hold Bun (escaped guest).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Sandbox, type Options } from '../../src/index.js';
import { defaultPool } from '../../src/default-pool.js';
import type { Outcome } from '../../src/result.js';
import { useEscapedGuest } from '../support/escaped-guest.js';
import { outcome } from '../support/outcome.js';

useEscapedGuest();

const MiB = 1024 * 1024;
/** 16 million nested arrays in one frame, just under the 32 MiB frame limit (the audit's). */
const DEEP_FRAME = `const depth = 16 * 1024 * 1024 - 64;
const line = '{"v":1,"type":"result","id":ID,"value":' + "[".repeat(depth / 2) + "]".repeat(depth / 2) + "}\\n";`;
/**
 * A result for the eval in flight that is legal and costly to decode: 16 million zeros, just
 * under 32 MiB, which the host must parse (the value is the run's own): seconds of its main
 * thread here. The bytes are made by the sandbox's first eval, so that its second (id 2) only
 * writes them.
 */
const BUILD_HEAVY_RESULT = `globalThis.frame = new TextEncoder().encode(
  '{"v":1,"type":"result","id":2,"value":[' + "0,".repeat(16 * 1024 * 1024 - 64) + '0]}\\n');
frame.length < 32 * 1024 * 1024`;
const SEND_HEAVY_RESULT = 'await Bun.write(Bun.file(3), frame); await new Promise(() => {})';
const SPIN = 'for (;;) {}';
const SPIN_TIMEOUTS = [500, 1000, 2000, 3500, 5000];
/** 4 MiB every 20 ms: past 64 MiB a few hundred ms in, while the main thread is held. */
const HOG = `const keep = [];
for (;;) { keep.push(new Uint8Array(4 << 20).fill(1)); await new Promise((r) => setTimeout(r, 20)); }`;

/** Started sandboxes, so that their evals begin together (starting one takes a while). */
async function sandboxes(...options: Options[]): Promise<Sandbox[]> {
  return Promise.all(options.map((o) => Sandbox.create(o)));
}

/** The longest gaps between 10 ms ticks of the host's event loop while `work` runs. */
async function stalls<T>(work: () => Promise<T>): Promise<{ value: T; gaps: [number, number][] }> {
  const gaps: [number, number][] = [];
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last > 100) gaps.push([last, now]);
    last = now;
  };
  const timer = setInterval(tick, 10);
  try {
    const value = await work();
    // The work may end in the very task that stalled: no tick ran after it yet.
    tick();
    return { value, gaps };
  } finally {
    clearInterval(timer);
  }
}

function assertValue(result: Outcome, value: unknown): void {
  assert.ok(result.ok, JSON.stringify(result).slice(0, 300));
  assert.deepEqual(result.ok && result.value, value);
}

function assertError(result: Outcome, name: string, codes: string[]): void {
  assert.equal(result.ok, false, JSON.stringify(result).slice(0, 300));
  if (result.ok) return;
  assert.equal(result.error.name, name, result.error.message);
  assert.ok(codes.includes(result.error.code), `${result.error.code}: ${result.error.message}`);
}

describe('a guest cannot stall the host', () => {
  after(() => defaultPool().dispose());

  // The host's first sandbox pays once for what a stall measurement must not see (the wrapper's
  // filesystem scan, the enforcing thread's start, module loading).
  before(async () => assertValue(await outcome('1', {}), 1));

  test('a frame nested 16 million deep for another id is refused unread, and ends its run', async () => {
    const code = `${DEEP_FRAME.replace('ID', '999999')}
      await Bun.write(Bun.file(3), line); await new Promise(() => {});`;
    const { value: result, gaps } = await stalls(() =>
      outcome(code, { memoryLimit: '256mb', timeoutMs: 20_000 }),
    );
    assertError(result, 'SandboxError', ['PROTOCOL_ERROR']);
    assert.ok(!result.ok);
    assert.equal(
      result.error.message,
      'the guest sent a result frame for id 999999, which is not the eval in flight (1)',
    );
    assert.ok(longest(gaps) < 1000, `the host stalled: ${JSON.stringify(gaps)}`);
  });

  test('a frame nested 16 million deep for its own eval is refused before parsing', async () => {
    const code = `${DEEP_FRAME.replace('ID', '1')}
      await Bun.write(Bun.file(3), line); await new Promise(() => {});`;
    const result = await outcome(code, { memoryLimit: '256mb', timeoutMs: 20_000 });
    assertError(result, 'SandboxError', ['PROTOCOL_ERROR']);
    assert.ok(!result.ok);
    assert.equal(
      result.error.message,
      'the guest sent a result frame nested deeper than 3002 levels',
    );
  });

  test('the deepest value the codec allows still crosses', async () => {
    const code = 'let v; for (let i = 0; i < 1000; i++) v = new Map([[i, v]]); v';
    const result = await outcome(code, { timeoutMs: 20_000 });
    assert.ok(result.ok, JSON.stringify(result).slice(0, 300));
    let depth = 0;
    for (let v = result.value; v instanceof Map; v = [...(v as Map<unknown, unknown>).values()][0])
      depth++;
    assert.equal(depth, 1000);
  });

  test('while a costly result holds the main thread, neighbours past their limits are killed on time', async () => {
    // Deadlines spread out, so that some fall inside the stall however soon it starts and
    // however long it lasts on this machine.
    const [flooder, hog, ...spinners] = await sandboxes(
      { memoryLimit: '512mb', timeoutMs: 60_000 },
      { memoryLimit: '64mb', timeoutMs: 60_000 },
      ...SPIN_TIMEOUTS.map((timeoutMs) => ({ timeoutMs })),
    );
    try {
      assertValue(await flooder!.evalOutcome(BUILD_HEAVY_RESULT), true);
      const started = performance.now();
      const { value, gaps } = await stalls(() =>
        Promise.all([
          flooder!.evalOutcome(SEND_HEAVY_RESULT),
          hog!.evalOutcome(HOG),
          ...spinners.map((spinner) => spinner.evalOutcome(SPIN)),
        ]),
      );
      const [flood, memory, ...spins] = value;
      assert.ok(flood.ok, JSON.stringify(flood).slice(0, 300));
      assert.equal((flood.value as unknown[]).length, 16 * MiB - 63);
      // A spinner whose deadline fell while the main thread was held (for 300 ms more at least)
      // proves the point: its wallMs is when the enforcing thread killed it.
      const held = (timeoutMs: number) =>
        gaps.some(([from, to]) => from < started + timeoutMs && to > started + timeoutMs + 300);
      const proving = SPIN_TIMEOUTS.filter(held);
      assert.ok(proving.length > 0, `no deadline fell in a stall: ${JSON.stringify(gaps)}`);
      spins.forEach((spin, i) => {
        assertError(spin, 'TimeoutError', ['WALL_TIMEOUT', 'CPU_TIMEOUT']);
        const timeoutMs = SPIN_TIMEOUTS[i]!;
        assert.ok(
          spin.stats.wallMs < timeoutMs + 250,
          `the spinner with timeoutMs ${timeoutMs} was killed after ${spin.stats.wallMs} ms`,
        );
      });
      assertError(memory, 'MemoryLimitError', ['MEMORY_LIMIT']);
      assert.ok(
        memory.stats.peakMemoryBytes < 80 * MiB,
        `the hog reached ${memory.stats.peakMemoryBytes} bytes`,
      );
    } finally {
      await Promise.all([flooder, hog, ...spinners].map((s) => s!.dispose()));
    }
  });

  test('a flood of frames for other ids ends the run at the first one', async () => {
    const code = `const lines = '{"v":1,"type":"fetchAbort","id":1000000007,"fetchId":1}\\n'.repeat(200_000);
      await Bun.write(Bun.file(3), lines); await new Promise(() => {});`;
    const result = await outcome(code, { memoryLimit: '256mb', timeoutMs: 20_000 });
    assertError(result, 'SandboxError', ['PROTOCOL_ERROR']);
    assert.ok(!result.ok);
    assert.match(result.error.message, /^the guest sent a fetchAbort frame for id 1000000007/);
  });

  test('a flood of console frames for its own eval is capped and leaves the host responsive', async () => {
    const code = `const line = JSON.stringify({ v: 1, type: "console", id: 1, text: "y".repeat(100) + "\\n" }) + "\\n";
      for (let i = 0; i < 20; i++) await Bun.write(Bun.file(3), line.repeat(10_000)); "survived"`;
    const { value: result, gaps } = await stalls(() =>
      outcome(code, { consoleMaxBytes: 1000, timeoutMs: 20_000 }),
    );
    assert.ok(result.ok, JSON.stringify(result).slice(0, 300));
    assert.equal(result.value, 'survived');
    assert.equal(result.consoleTruncated, true);
    assert.equal(result.console, ('y'.repeat(100) + '\n').repeat(10).slice(0, 1000));
    assert.ok(longest(gaps) < 1000, `the host stalled ${longest(gaps)} ms`);
  });

  test('a frame after the result, while no eval is in flight, ends the Sandbox', async () => {
    const sandbox = await Sandbox.create({ timeoutMs: 20_000 });
    try {
      // Bun.sleep is not one of the realm's timers: the eval does not wait for it.
      const first = await sandbox.evalOutcome(
        `const late = '{"v":1,"type":"console","id":1,"text":"late"}\\n';
        Bun.sleep(200).then(() => Bun.write(Bun.file(3), late)); "first"`,
      );
      assert.ok(first.ok, JSON.stringify(first).slice(0, 300));
      assert.equal(first.value, 'first');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const second = await sandbox.evalOutcome('"second"');
      assertError(second, 'SandboxError', ['SANDBOX_CLOSED']);
      assert.ok(!second.ok);
      assert.match(
        second.error.message,
        /PROTOCOL_ERROR|the guest sent a console frame while no eval was in flight/,
      );
    } finally {
      await sandbox.dispose();
    }
  });
});

const longest = (gaps: [number, number][]) => Math.max(0, ...gaps.map(([from, to]) => to - from));
