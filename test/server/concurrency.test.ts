/** Requests are served concurrently; evals on one handle run in the order they arrived. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerClient, type Answer } from './client.js';

describe('bunker serve --stdio: concurrency', () => {
  let server: ServerClient;
  before(async () => {
    server = new ServerClient();
    await server.started();
  });
  after(async () => {
    await server.close();
  });

  test('a 2 s eval does not delay a ping, a run or another sandbox', async () => {
    const slow = await server.create({ timeoutMs: 10_000 });
    const fast = await server.create();
    const started = performance.now();
    const long = server.request({
      op: 'eval',
      handle: slow,
      code: 'const end = Date.now() + 2000; while (Date.now() < end) {} "slow"',
    });
    const order: string[] = [];
    const track = (name: string, answer: Promise<Answer>) =>
      answer.then((a) => {
        order.push(name);
        return { a, ms: performance.now() - started };
      });
    const [ping, run, other, slowDone] = await Promise.all([
      track('ping', server.request({ op: 'ping' })),
      track('run', server.request({ op: 'run', code: '6 * 7' })),
      track('other', server.request({ op: 'eval', handle: fast, code: '"other"' })),
      track('slow', long),
    ]);
    assert.equal(ping.a.value, 'pong');
    assert.equal(run.a.value, 42);
    assert.equal(other.a.value, 'other');
    assert.equal(slowDone.a.value, 'slow');
    assert.equal(order.at(-1), 'slow');
    assert.ok(ping.ms < 500, `ping took ${ping.ms} ms`);
    assert.ok(other.ms < 1000, `the other sandbox took ${other.ms} ms`);
    assert.ok(slowDone.ms >= 2000, `the slow eval took ${slowDone.ms} ms`);
    await server.request({ op: 'dispose', handle: slow });
    await server.request({ op: 'dispose', handle: fast });
  });

  test('many interleaved requests: every answer arrives exactly once, per-handle order kept', async () => {
    const handles = await Promise.all([server.create(), server.create(), server.create()]);
    await Promise.all(
      handles.map((handle) =>
        server.request({ op: 'setVariable', handle, name: 'seen', value: [] }),
      ),
    );
    const requests: Promise<Answer>[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = `many-${i}`;
      ids.push(id);
      const handle = handles[i % 3]!;
      if (i % 10 === 9) requests.push(server.request({ op: 'run', code: `${i}` }, id));
      else if (i % 5 === 4) requests.push(server.request({ op: 'ping' }, id));
      // Some evals wait on a timer, so later ones would overtake them were order not kept.
      else
        requests.push(
          server.request(
            {
              op: 'eval',
              handle,
              code: `await new Promise((r) => setTimeout(r, ${(i * 7) % 13})); seen.push(${i}); seen.length`,
            },
            id,
          ),
        );
    }
    const answers = await Promise.all(requests);
    assert.deepEqual(
      answers.map((a) => a.id),
      ids,
    );
    assert.ok(
      answers.every((a) => a.ok),
      JSON.stringify(answers.filter((a) => !a.ok)),
    );
    for (const id of ids) assert.equal(server.answersWithId(id).length, 1, `answers for ${id}`);
    for (const [n, handle] of handles.entries()) {
      const expected = ids
        .map((_, i) => i)
        .filter((i) => i % 3 === n && i % 10 !== 9 && i % 5 !== 4);
      const seen = await server.request({ op: 'eval', handle, code: 'seen' });
      assert.deepEqual(seen.value, expected, `evals on handle ${n} ran in arrival order`);
      await server.request({ op: 'dispose', handle });
    }
  });
});
