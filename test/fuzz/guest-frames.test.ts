/**
 * Fuzz of what the host reads from a hostile guest: a script that escaped the realm writes
 * random, mutated, truncated and huge lines to fd 3. Each run must end in the outcome the lines
 * call for (guest-lines.ts), never a host crash or hang, while a well-behaved Sandbox in the same
 * host keeps getting right answers. Cases are seeded (random.ts): a failure names its seed and
 * case, and BUNKER_FUZZ_SEED/BUNKER_FUZZ_CASES replay or widen the search.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { BunkerError, run, type Options } from '../../src/index.js';
import { MAX_FRAME_BYTES } from '../../src/protocol/frames.js';
import { Bystander } from './bystander.js';
import {
  expectationFor,
  guestLines,
  guestScript,
  LEARN_OWN_ID,
  type Expectation,
} from './guest-lines.js';
import { fuzzCases, fuzzSeed, Random } from './random.js';
import { GUEST_ERROR_CODES } from '../../src/host/guest-frames.js';
import { useEscapedGuest } from '../support/escaped-guest.js';

useEscapedGuest();

const seed = fuzzSeed();
const cases = fuzzCases(400);
const CONCURRENT = 4;

const CODES: Record<string, string> = GUEST_ERROR_CODES;

type Observed =
  | { ok: true; value: unknown; console: string; consoleTruncated: boolean }
  | { ok: false; name: string; code: string; message: string };

async function observe(code: string, options: Options): Promise<Observed> {
  try {
    const result = await run(code, { timeoutMs: 20_000, ...options });
    return { ok: true, ...result };
  } catch (error) {
    if (!(error instanceof BunkerError)) throw error;
    return { ok: false, name: error.name, code: error.code, message: error.message };
  }
}

/** Why `observed` is not what `expected` allows; undefined when it is. */
function mismatch(expected: Expectation, observed: Observed, value: string): string | undefined {
  const protocolError = !observed.ok && observed.code === 'PROTOCOL_ERROR';
  // Nothing a line says can make the host wait: a timeout here means something hung.
  if (!observed.ok && observed.name === 'TimeoutError') return 'the run timed out';
  switch (expected.kind) {
    case 'value':
      return observed.ok && observed.value === value ? undefined : `expected the value ${value}`;
    case 'protocol':
      return protocolError && observed.name === 'SandboxError'
        ? undefined
        : 'expected PROTOCOL_ERROR';
    case 'forgedResult':
      return observed.ok || protocolError ? undefined : 'expected a value or PROTOCOL_ERROR';
    case 'forgedError':
      return !observed.ok &&
        observed.name === expected.name &&
        observed.code === CODES[expected.name]
        ? undefined
        : `expected ${expected.name}/${CODES[expected.name]}`;
    case 'any':
      return undefined;
  }
}

const outcomeName = (observed: Observed) =>
  observed.ok ? 'value' : `${observed.name}/${observed.code}`;

async function forEachConcurrently(
  count: number,
  limit: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

describe('fuzz: frames a hostile guest writes to fd 3', () => {
  let server: http.Server;
  let url = '';
  let bystander: Bystander;

  before(async () => {
    server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    bystander = await Bystander.start(url);
  });

  after(async () => {
    await bystander.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test(`${cases} runs of random and mutated lines (seed ${seed}) each end as the lines call for`, async (t) => {
    const port = Number(new URL(url).port);
    const fetchOn: Options = {
      http: { denylist: [], allowedPorts: [port], blockPrivateIps: false, requestTimeoutMs: 2000 },
    };
    const failures: string[] = [];
    const tally = new Map<string, number>();
    const started = performance.now();
    await forEachConcurrently(cases, CONCURRENT, async (index) => {
      const random = new Random(seed, index);
      const written = guestLines(random, url);
      const value = `real-${index}`;
      const expected = expectationFor(written, value);
      const options = random.chance(0.3) ? fetchOn : {};
      const observed = await observe(guestScript(written, value), options);
      const name = outcomeName(observed);
      tally.set(name, (tally.get(name) ?? 0) + 1);
      const problem = mismatch(expected, observed, value);
      if (problem)
        failures.push(
          `seed ${seed} case ${index}: ${problem}, got ${JSON.stringify(observed).slice(0, 300)}; ` +
            `lines (base64, OWN_ID unsubstituted): ${written.toString('base64').slice(0, 2000)}`,
        );
    });
    t.diagnostic(
      `${cases} cases in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries(tally))}`,
    );
    assert.deepEqual(failures, []);
    // The mix must reach every branch, or the fuzz has stopped testing something.
    assert.ok((tally.get('value') ?? 0) > 0, 'no run was left alone by its lines');
    assert.ok((tally.get('SandboxError/PROTOCOL_ERROR') ?? 0) > 0, 'no line was refused');
  });

  test('a frame of exactly 32 MiB for another eval ends the run unparsed', async () => {
    const observed = await observe(hugeLine(MAX_FRAME_BYTES), { memoryLimit: '512mb' });
    assert.deepEqual(outcomeName(observed), 'SandboxError/PROTOCOL_ERROR');
    assert.ok(!observed.ok);
    assert.match(observed.message, /^the guest sent a console frame for id 1000000007, which/);
  });

  test('one byte more is a protocol error, not a buffer', async () => {
    const observed = await observe(hugeLine(MAX_FRAME_BYTES + 1), { memoryLimit: '512mb' });
    assert.deepEqual(outcomeName(observed), 'SandboxError/PROTOCOL_ERROR');
    assert.ok(!observed.ok);
    assert.equal(observed.message, `the guest sent a frame over ${MAX_FRAME_BYTES} bytes`);
  });

  test('a ready frame during an eval ends the run', async () => {
    const code = `${LEARN_OWN_ID}
      await Bun.write(Bun.file(3), '{"v":1,"type":"ready"}\\n'); await new Promise(() => {})`;
    const observed = await observe(code, {});
    assert.deepEqual(outcomeName(observed), 'SandboxError/PROTOCOL_ERROR');
    assert.ok(!observed.ok);
    assert.equal(observed.message, 'the guest sent a ready frame during an eval');
  });

  test('a flood of console frames for its own eval is capped by consoleMaxBytes', async () => {
    const code = `${LEARN_OWN_ID}
      const line = JSON.stringify({ v: 1, type: "console", id: own, text: "y".repeat(100) + "\\n" }) + "\\n";
      await Bun.write(Bun.file(3), line.repeat(20_000)); "survived"`;
    const observed = await observe(code, { consoleMaxBytes: 1000 });
    assert.ok(observed.ok, JSON.stringify(observed));
    assert.equal(observed.value, 'survived');
    assert.equal(observed.consoleTruncated, true);
    assert.ok(observed.console.length <= 1000, `console of ${observed.console.length} chars`);
  });

  test('a frame written one byte at a time is put back together', async () => {
    const code = `${LEARN_OWN_ID}
      const line = JSON.stringify({ v: 1, type: "console", id: own, text: "dribbled\\n" }) + "\\n";
      for (const byte of line) await Bun.write(Bun.file(3), byte); "survived"`;
    const observed = await observe(code, {});
    assert.ok(observed.ok, JSON.stringify(observed));
    assert.equal(observed.value, 'survived');
    assert.equal(observed.console, 'probe\ndribbled\n');
  });

  for (const depth of [100_000, 1_000_000]) {
    test(`a result nested ${depth} deep is a protocol error, not a stack overflow`, async () => {
      const code = `${LEARN_OWN_ID}
        const line = '{"v":1,"type":"result","id":' + own + ',"value":' + "[".repeat(${depth}) + "]".repeat(${depth}) + "}\\n";
        await Bun.write(Bun.file(3), line); await new Promise(() => {})`;
      const observed = await observe(code, { memoryLimit: '256mb' });
      assert.deepEqual(outcomeName(observed), 'SandboxError/PROTOCOL_ERROR');
    });
  }

  test('a well-behaved sandbox in the same host kept answering correctly throughout', async (t) => {
    await bystander.stop();
    t.diagnostic(`${bystander.answers} checked answers`);
    assert.deepEqual(bystander.problems, []);
    assert.ok(bystander.answers >= 20, `only ${bystander.answers} answers while the fuzz ran`);
  });
});

/** A script that writes one console frame for another eval, `bytes` long without its newline. */
function hugeLine(bytes: number): string {
  const head = '{"v":1,"type":"console","id":1000000007,"text":"';
  const tail = '"}';
  return `const line = ${JSON.stringify(head)} + "x".repeat(${bytes - head.length - tail.length}) + ${JSON.stringify(tail)} + "\\n";
    await Bun.write(Bun.file(3), line); "survived"`;
}
