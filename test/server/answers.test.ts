/**
 * Every request gets exactly one answer, whatever its script returns and however requests race
 * (issue 11, item 2): a value too large to render, lone surrogates, disposal while an eval or a
 * setVariable is in flight, two disposes of one handle, a create cut short by the end of input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { renderJson } from '../../src/json-outcome.js';
import type { RequestRecord } from '../../src/broker/record.js';
import { ServerClient, type Answer } from './client.js';

const SHARED = 'const s = "x".repeat(8 * 1024 * 1024); Array(100).fill([s])';
const OVER_BUDGET = 'RangeError: the result takes more than 33553408 bytes as JSON';

describe('bunker serve --stdio: one bounded answer per request', () => {
  let server: ServerClient;
  before(async () => {
    server = new ServerClient({ BUNKER_DEBUG: '1' });
    await server.started();
  });
  after(async () => {
    assert.deepEqual(await server.close(), { code: 0, signal: null });
    assert.doesNotMatch(server.stderr, /could not answer/);
  });

  /** Every answer the server wrote, counted by id: each request's must be there exactly once. */
  const answerCounts = (ids: unknown[]) => ids.map((id) => server.answersWithId(id).length);

  test('run: one 8 MiB string referenced 100 times is answered with a RangeError', async () => {
    const answer = await server.request({ op: 'run', code: SHARED }, 'shared-run');
    assert.deepEqual(
      [answer.ok, answer.error],
      [false, { name: 'JavaScriptError', code: 'JAVASCRIPT_ERROR', message: OVER_BUDGET }],
    );
    assert.equal((await server.request({ op: 'ping' })).value, 'pong');
    assert.deepEqual(answerCounts(['shared-run']), [1]);
  });

  test('eval: the same on a handle, and the sandbox keeps its globals', async () => {
    const handle = await server.create();
    await server.request({ op: 'eval', handle, code: 'globalThis.kept = 41' });
    const answer = await server.request({ op: 'eval', handle, code: SHARED });
    assert.equal(answer.error?.message, OVER_BUDGET);
    assert.equal((await server.request({ op: 'eval', handle, code: 'kept + 1' })).value, 42);
    await server.request({ op: 'dispose', handle });
  });

  test('lone surrogates in the value, a key, the console and an error arrive as U+FFFD', async () => {
    const ok = await server.request({
      op: 'run',
      code: 'console.log("\\ud800"); ({ "\\udc00": ["a\\ud800", "\\ud83d\\ude00"] })',
    });
    assert.deepEqual(
      [ok.value, ok.console],
      [{ '\ufffd': ['a\ufffd', '\ud83d\ude00'] }, '\ufffd\n'],
    );
    const failed = await server.request({ op: 'run', code: 'throw new Error("\\udc00")' });
    assert.equal(failed.error?.message, 'Error: \ufffd');
    assert.ok(failed.error?.stack?.startsWith('Error: \ufffd\n'), failed.error?.stack);
  });

  test('dispose racing an eval, a setVariable and another dispose: one answer each', async () => {
    const handle = await server.create({ timeoutMs: 10_000 });
    const evalling = server.request(
      { op: 'eval', handle, code: 'await new Promise((r) => setTimeout(r, 5000)); 1' },
      'race-eval',
    );
    const setting = server.request({ op: 'setVariable', handle, name: 'x', value: 1 }, 'race-set');
    const disposals = [
      server.request({ op: 'dispose', handle }, 'race-dispose-1'),
      server.request({ op: 'dispose', handle }, 'race-dispose-2'),
    ];
    const answers: Answer[] = await Promise.all([evalling, setting, ...disposals]);
    assert.deepEqual(
      answers.map((a) => (a.ok ? 'ok' : a.error!.code)),
      ['SANDBOX_CLOSED', 'SANDBOX_CLOSED', 'ok', 'SANDBOX_CLOSED'],
    );
    const after = await server.request({ op: 'eval', handle, code: '1' }, 'race-after');
    assert.equal(after.error?.code, 'SANDBOX_CLOSED');
    await server.request({ op: 'ping' });
    assert.deepEqual(
      answerCounts(['race-eval', 'race-set', 'race-dispose-1', 'race-dispose-2', 'race-after']),
      [1, 1, 1, 1, 1],
    );
  });
});

test('a create in flight when input ends gets its one answer; the server exits 0 with nothing left', async () => {
  const server = new ServerClient();
  await server.started();
  const creating = server.request({ op: 'create' }, 'late-create');
  const running = server.request({ op: 'run', code: '"still answered"' }, 'late-run');
  server.child.stdin.end();
  const [create, run] = await Promise.all([creating, running]);
  assert.ok(
    create.ok || create.error?.code === 'SANDBOX_CLOSED',
    `create: ${JSON.stringify(create.error)}`,
  );
  assert.equal(run.value, 'still answered');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.deepEqual(
    [server.answersWithId('late-create').length, server.answersWithId('late-run').length],
    [1, 1],
  );
  assert.deepEqual(await server.survivors(), []);
});

test('renderJson: an outcome JSON cannot write still renders, as a RangeError without console or requests', () => {
  const unwritable = { method: 'GET', url: 'http://x/', status: 1n } as unknown as RequestRecord;
  const stats = { wallMs: 1, cpuMs: 0, peakMemoryBytes: 0, hostCalls: 0 };
  const text = renderJson(
    { v: 1, id: 7 },
    {
      ok: true,
      value: 1,
      console: 'kept?',
      consoleTruncated: false,
      requests: [unwritable],
      requestsOmitted: 0,
      stats,
    },
  );
  assert.deepEqual(JSON.parse(text), {
    v: 1,
    id: 7,
    ok: false,
    error: {
      name: 'JavaScriptError',
      code: 'JAVASCRIPT_ERROR',
      message:
        'RangeError: the answer could not be rendered as JSON; its console was dropped (Do not know how to serialize a BigInt)',
    },
    console: '',
    consoleTruncated: true,
    requests: [],
    requestsOmitted: 0,
    stats,
  });
});
