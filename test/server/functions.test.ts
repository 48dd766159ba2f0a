/**
 * Host functions over `bunker serve --stdio` (docs/protocol.md, "Host functions"): a call of the
 * script is a line to the client, the client's `return` request answers it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerClient } from './client.js';

const T = 60_000;
const options = { timeoutMs: 30_000 };

describe('bunker serve --stdio: host functions', () => {
  let server: ServerClient;
  const calls: Record<string, unknown>[] = [];
  before(async () => {
    server = new ServerClient();
    await server.started();
    // The client's functions: add, and fail (raises).
    server.onCall = (line) => {
      calls.push(line);
      if (line.name === 'never') return; // a client that never answers
      const args = line.args as number[];
      const reply = String(line.name).endsWith('fail')
        ? { error: { name: 'KeyError', message: 'no such key' } }
        : { value: args[0]! + args[1]! };
      void server.request({ op: 'return', callId: line.callId, ...reply });
    };
  });
  after(async () => {
    await server.close();
  });

  test(
    'a run calls the client: a call line naming the run, answered by return',
    { timeout: T },
    async () => {
      calls.length = 0;
      const answer = await server.request(
        { op: 'run', code: 'add(1, 2) + add(10, 20)', options, functions: ['add'] },
        'r1',
      );
      assert.equal(answer.value, 33);
      assert.equal(answer.stats.hostCalls, 2);
      assert.deepEqual(
        calls.map(({ callId: _callId, ...line }) => line),
        [
          { v: 1, type: 'call', id: 'r1', name: 'add', args: [1, 2] },
          { v: 1, type: 'call', id: 'r1', name: 'add', args: [10, 20] },
        ],
      );
    },
  );

  test(
    "a Sandbox's calls name the eval request; defineFunction adds one",
    { timeout: T },
    async () => {
      calls.length = 0;
      const created = await server.request({ op: 'create', options, functions: ['add'] });
      const handle = (created.value as { handle: string }).handle;
      assert.equal(
        (await server.request({ op: 'defineFunction', handle, name: 'db.fail' })).ok,
        true,
      );
      const answer = await server.request(
        {
          op: 'eval',
          handle,
          code: 'try { db.fail() } catch (e) { [add(2, 3), e.name, e.message] }',
        },
        'e1',
      );
      assert.deepEqual(
        answer.value,
        [5, 'HostFunctionError', 'no such key'],
        JSON.stringify(answer),
      );
      assert.deepEqual(
        calls.map((line) => [line.id, line.name]),
        [
          ['e1', 'db.fail'],
          ['e1', 'add'],
        ],
      );
      await server.request({ op: 'dispose', handle });
    },
  );

  test(
    'a call the client never answers ends the eval with TimeoutError; a late return is refused',
    { timeout: T },
    async () => {
      calls.length = 0;
      const answer = await server.request({
        op: 'run',
        code: 'never()',
        options: { timeoutMs: 1000 },
        functions: ['never'],
      });
      assert.deepEqual([answer.error?.name, answer.error?.code], ['TimeoutError', 'WALL_TIMEOUT']);
      const late = await server.request({ op: 'return', callId: calls[0]!.callId, value: 1 });
      assert.deepEqual(
        [late.error?.code, late.error?.message],
        [
          'INVALID_ARGUMENT',
          `return: no call ${String(calls[0]!.callId)} is waiting (answered already, or its eval has ended)`,
        ],
      );
    },
  );

  test(
    'bad names, functions in options and stray returns are refused',
    { timeout: T },
    async () => {
      const badName = await server.request({ op: 'run', code: '0', functions: ['a-b'] });
      assert.deepEqual(
        [badName.error?.name, badName.error?.code],
        ['ArgumentError', 'INVALID_ARGUMENT'],
      );
      const inOptions = await server.request({
        op: 'run',
        code: '0',
        options: { functions: { f: 1 } },
      });
      assert.equal(inOptions.error?.message, 'option "functions.f": must be a function');
      const stray = await server.request({ op: 'return', callId: 999, value: 1 });
      assert.equal(
        stray.error?.message,
        'return: no call 999 is waiting (answered already, or its eval has ended)',
      );
      const both = await server.request({
        op: 'return',
        callId: 1,
        value: 1,
        error: { name: 'E', message: 'm' },
      });
      assert.equal(both.error?.message, 'return: give either "value" or "error"');
    },
  );
});
