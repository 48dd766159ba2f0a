/**
 * Fuzz of `bunker serve --stdio` as a black box: random, mutated, truncated and huge lines
 * interleaved with well-formed requests. Every line gets exactly one answer (blank lines none),
 * every well-formed request its correct answer, and the server neither exits nor hangs. Cases
 * are seeded (random.ts); bad-input.test.ts holds the hand-written refusals this widens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_LINE_BYTES } from '../../src/server/stdio.js';
import { ServerClient, type Answer } from '../server/client.js';
import { fuzzCases, fuzzSeed, Random } from './random.js';
import { answersCalledFor, fuzzLine } from './serve-lines.js';

const seed = fuzzSeed();
const batches = fuzzCases(24);
const LINES_PER_BATCH = 40;
const ERROR_NAMES = new Set([
  'SyntaxError',
  'JavaScriptError',
  'TimeoutError',
  'MemoryLimitError',
  'ArgumentError',
  'SandboxError',
  'HTTPBlockedError',
  'HTTPLimitError',
  'HTTPError',
]);

/** A well-formed request and the value its answer must carry. */
interface Check {
  id: string;
  line: string;
  value: unknown;
}

describe('fuzz: lines a client sends to bunker serve --stdio', () => {
  let server: ServerClient;
  /** A sandbox only well-formed requests touch; its counter proves evals ran once, in order. */
  let handle = '';
  let counter = 0;

  const answers = () => server.lines.filter((line) => line.type !== 'ready');
  let owed = 0;

  /** Writes `bytes`, counts the answers they call for, and waits until every one has come. */
  async function send(bytes: Buffer, what: string): Promise<void> {
    owed += answersCalledFor(bytes);
    server.write(bytes);
    const deadline = Date.now() + 90_000;
    while (answers().length < owed) {
      assert.equal(
        server.child.exitCode,
        null,
        `the server exited during ${what}: ${server.stderr}`,
      );
      assert.ok(
        Date.now() < deadline,
        `${what}: ${answers().length} answers, ${owed} owed after 90 s (hung?)`,
      );
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(answers().length, owed, `${what}: more answers than lines`);
    for (const answer of answers().slice(-answersCalledFor(bytes)))
      assertWellFormed(answer as unknown as Answer, what);
  }

  const stillServing = async () =>
    assert.equal((await server.request({ op: 'ping' }, `ping-${owed}`)).value, 'pong');

  before(async () => {
    server = new ServerClient();
    await server.started();
    handle = await server.create({ timeoutMs: 20_000 });
    owed = answers().length;
  });

  after(async () => {
    const exit = await server.close();
    assert.deepEqual(exit, { code: 0, signal: null }, server.stderr);
    assert.equal(server.stderr, '', 'stderr stays silent without BUNKER_DEBUG');
  });

  /** A random well-formed request with a known answer; evals on `handle` count up. */
  function check(random: Random, id: string): Check[] {
    const line = (fields: object) => JSON.stringify({ v: 1, id, ...fields });
    switch (random.int(4)) {
      case 0:
        return [{ id, line: line({ op: 'ping' }), value: 'pong' }];
      case 1:
        return [{ id, line: line({ op: 'run', code: '6 * 7' }), value: 42 }];
      case 2: {
        const code = 'globalThis.n = (globalThis.n ?? 0) + 1';
        return [{ id, line: line({ op: 'eval', handle, code }), value: ++counter }];
      }
      default: {
        const value = { id, list: [1, 'two', null] };
        const set = {
          id,
          line: line({ op: 'setVariable', handle, name: 'given', value }),
          value: null,
        };
        const read = JSON.stringify({ v: 1, id: `${id}-read`, op: 'eval', handle, code: 'given' });
        return [set, { id: `${id}-read`, line: read, value }];
      }
    }
  }

  test(`${batches} batches of ${LINES_PER_BATCH} random and mutated lines (seed ${seed}) among well-formed requests`, async (t) => {
    const started = performance.now();
    let checked = 0;
    for (let batch = 0; batch < batches; batch++) {
      const random = new Random(seed, batch);
      const victim = await server.create({ timeoutMs: 3000 });
      owed++;
      const parts: Buffer[] = [];
      const checks: Check[] = [];
      for (let k = 0; k < LINES_PER_BATCH; k++) {
        if (random.chance(0.2)) {
          const made = check(random, `check-${seed}-${batch}-${k}`);
          checks.push(...made);
          for (const { line } of made) parts.push(Buffer.from(line + '\n'));
        } else parts.push(fuzzLine(random, victim));
      }
      const waiting = checks.map(({ id }) => server.answerFor(id));
      const what = `seed ${seed} batch ${batch}`;
      await send(Buffer.concat(parts), what);
      const got = await Promise.all(waiting);
      checks.forEach(({ id, value }, i) => {
        assert.equal(got[i]!.ok, true, `${what}: ${id} failed: ${JSON.stringify(got[i]!.error)}`);
        assert.deepEqual(got[i]!.value, value, `${what}: ${id}`);
        assert.equal(server.answersWithId(id).length, 1, `${what}: ${id} answered more than once`);
      });
      checked += checks.length;
      // Sandboxes the fuzz happened to create (and the victim) must not pile up.
      const created = answers()
        .slice(-LINES_PER_BATCH * 2)
        .map((answer) => (answer.value as { handle?: unknown } | undefined)?.handle)
        .filter((h): h is string => typeof h === 'string' && h !== handle);
      for (const leftover of new Set([...created, victim])) {
        await server.request({ op: 'dispose', handle: leftover }, `dispose-${owed}`);
        owed++;
      }
    }
    await stillServing();
    owed++;
    const tally = new Map<string, number>();
    for (const answer of answers() as unknown as Answer[]) {
      const name = answer.ok ? 'ok' : answer.error!.code;
      tally.set(name, (tally.get(name) ?? 0) + 1);
    }
    t.diagnostic(
      `${batches * LINES_PER_BATCH} lines, ${checked} checked answers, ${owed} answers in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries(tally))}`,
    );
  });

  test('every prefix of a request is refused on its own line', async () => {
    const request = JSON.stringify({ v: 1, id: 'p', op: 'run', code: '1 + 1', options: {} });
    const before = answers().length;
    const prefixes = Array.from({ length: request.length - 1 }, (_, i) => request.slice(0, i + 1));
    await send(Buffer.from(prefixes.join('\n') + '\n'), 'prefixes');
    const refusals = answers().slice(before);
    assert.equal(refusals.length, prefixes.length);
    for (const answer of refusals) assert.equal((answer as unknown as Answer).ok, false);
    await stillServing();
    owed++;
  });

  test('20,000 requests in one write, blank lines between, are each answered once', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `many-${i}`);
    const lines = ids.map((id) => JSON.stringify({ v: 1, id, op: 'ping' })).join('\n \r\n\n');
    await send(Buffer.from(lines + '\n'), 'many lines');
    const pongs = answers().filter((answer) => String(answer.id).startsWith('many-'));
    assert.equal(pongs.length, ids.length);
    assert.ok(pongs.every((answer) => answer.value === 'pong'));
  });

  test('a line of exactly 32 MiB is read; one byte more is skipped', async () => {
    const line = (id: string, bytes: number) => {
      const head = `{"v":1,"id":"${id}","op":"ping","pad":"`;
      return Buffer.concat([
        Buffer.from(head),
        Buffer.alloc(bytes - head.length - 2, 0x61),
        Buffer.from('"}\n'),
      ]);
    };
    await send(line('max', MAX_LINE_BYTES), 'a line at the cap');
    assert.deepEqual(server.answersWithId('max')[0]?.error, {
      name: 'ArgumentError',
      code: 'INVALID_ARGUMENT',
      message: 'ping: unknown field "pad"',
    });
    await send(line('over', MAX_LINE_BYTES + 1), 'a line over the cap');
    assert.equal(
      (server.answersWithId('over')[0]?.error as Answer['error'])?.code,
      'PROTOCOL_ERROR',
    );
  });

  // The first KiB of an oversized line is all the server keeps to read its id from.
  for (const [what, id] of [
    ['a raw tab in a string', '"\t"'],
    ['an escaped tab', '"\\t"'],
    ['an invalid \\u escape', '"\\uZZZZ"'],
    ['an unknown escape', '"\\x"'],
    ['a lone surrogate', '"\\ud800"'],
    ['a number past the double range', '1e999'],
    ['minus zero', '-0'],
    ['an array', '[1]'],
    ['a string over 256 characters', `"${'a'.repeat(300)}"`],
  ]) {
    test(`an oversized line whose id is ${what} is refused and the server carries on`, async () => {
      const head = Buffer.from(`{"v":1,"id":${id},"op":"ping","pad":"`);
      await send(
        Buffer.concat([head, Buffer.alloc(MAX_LINE_BYTES, 0x61), Buffer.from('"}\n')]),
        `an oversized line whose id is ${what}`,
      );
      const last = answers().at(-1) as unknown as Answer;
      assert.equal(last.error?.code, 'PROTOCOL_ERROR');
      await stillServing();
      owed++;
    });
  }
});

function assertWellFormed(answer: Answer, what: string): void {
  const shown = JSON.stringify(answer).slice(0, 300);
  assert.equal(answer.v, 1, `${what}: ${shown}`);
  assert.ok(
    answer.id === null || typeof answer.id === 'string' || typeof answer.id === 'number',
    `${what}: ${shown}`,
  );
  assert.equal(typeof answer.console, 'string', `${what}: ${shown}`);
  assert.equal(typeof answer.stats?.wallMs, 'number', `${what}: ${shown}`);
  if (answer.ok) return;
  assert.ok(ERROR_NAMES.has(answer.error?.name ?? ''), `${what}: ${shown}`);
  assert.equal(typeof answer.error?.code, 'string', `${what}: ${shown}`);
  assert.equal(typeof answer.error?.message, 'string', `${what}: ${shown}`);
}
