/** Bad input gets an error answer naming the problem, and the server keeps serving. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerClient } from './client.js';

const MAX_LINE = 32 * 1024 * 1024;

describe('bunker serve --stdio: bad input', () => {
  let server: ServerClient;
  before(async () => {
    server = new ServerClient();
    await server.started();
  });
  after(async () => {
    await server.close();
  });

  const stillServing = async () =>
    assert.equal((await server.request({ op: 'ping' })).value, 'pong');

  /** Writes a raw line and resolves with the next answer for `id`. */
  const raw = async (line: string, id: string | number | null) => {
    const answer = server.answerFor(id);
    server.write(line + '\n');
    const { error, ok } = await answer;
    return { ok, error };
  };

  for (const [what, line, id, error] of [
    [
      'a line that is not JSON',
      '{"v":1,"id":1,"op":',
      null,
      { name: 'SandboxError', code: 'PROTOCOL_ERROR', message: /^the line is not JSON \(/ },
    ],
    [
      'JSON that is not an object',
      '[1,2]',
      null,
      { name: 'SandboxError', code: 'PROTOCOL_ERROR', message: 'a request must be a JSON object' },
    ],
    [
      'a request without an id',
      '{"v":1,"op":"ping"}',
      null,
      { name: 'ArgumentError', code: 'INVALID_ARGUMENT', message: 'field "id" is required' },
    ],
    [
      'an id that is neither string nor number',
      '{"v":1,"id":{"a":1},"op":"ping"}',
      null,
      {
        name: 'ArgumentError',
        code: 'INVALID_ARGUMENT',
        message: 'field "id" must be a string or a number',
      },
    ],
    [
      'another protocol version',
      '{"v":2,"id":"v2","op":"ping"}',
      'v2',
      {
        name: 'SandboxError',
        code: 'PROTOCOL_ERROR',
        message: 'unsupported protocol version ("v":2); this server speaks "v":1',
      },
    ],
    [
      'an unknown op',
      '{"v":1,"id":"op","op":"frobnicate"}',
      'op',
      {
        name: 'ArgumentError',
        code: 'INVALID_ARGUMENT',
        message:
          'unknown op "frobnicate"; expected one of ping, run, create, eval, setVariable, dispose, defineFunction, return',
      },
    ],
    [
      'an op inherited from Object.prototype',
      '{"v":1,"id":"proto","op":"toString"}',
      'proto',
      { name: 'ArgumentError', code: 'INVALID_ARGUMENT', message: /^unknown op "toString"/ },
    ],
    [
      'missing fields',
      '{"v":1,"id":"m","op":"eval"}',
      'm',
      {
        name: 'ArgumentError',
        code: 'INVALID_ARGUMENT',
        message: 'eval: field "handle" is required; field "code" is required',
      },
    ],
    [
      'a field of the wrong type',
      '{"v":1,"id":"t","op":"run","code":42}',
      't',
      {
        name: 'ArgumentError',
        code: 'INVALID_ARGUMENT',
        message: 'run: field "code" must be a string',
      },
    ],
    [
      'a setVariable without a value',
      '{"v":1,"id":"sv","op":"setVariable","handle":"h","name":"x"}',
      'sv',
      {
        name: 'ArgumentError',
        code: 'INVALID_ARGUMENT',
        message: 'setVariable: field "value" is required',
      },
    ],
    [
      'an unknown field',
      '{"v":1,"id":"u","op":"ping","extra":true}',
      'u',
      { name: 'ArgumentError', code: 'INVALID_ARGUMENT', message: 'ping: unknown field "extra"' },
    ],
    [
      'an unknown handle',
      '{"v":1,"id":"h","op":"eval","handle":"nope","code":"1"}',
      'h',
      {
        name: 'SandboxError',
        code: 'SANDBOX_CLOSED',
        message: 'no sandbox with handle "nope" (never created, or already disposed)',
      },
    ],
  ] as const) {
    test(`${what} is refused and the server keeps serving`, async () => {
      const answer = await raw(line, id);
      assert.equal(answer.ok, false);
      assert.equal(answer.error?.name, error.name);
      assert.equal(answer.error?.code, error.code);
      if (typeof error.message === 'string') assert.equal(answer.error?.message, error.message);
      else assert.match(answer.error?.message ?? '', error.message);
      await stillServing();
    });
  }

  test('blank lines are ignored', async () => {
    const before = server.lines.length;
    server.write('\n   \n\r\n');
    await stillServing();
    assert.equal(server.lines.length, before + 1);
  });

  test('a line over 32 MiB is skipped, answered with its id, and the next line still runs', async () => {
    const oversized = server.answerFor('big');
    const next = server.answerFor('after');
    const head = Buffer.from('{"v":1,"id":"big","op":"run","code":"');
    const filler = Buffer.alloc(MAX_LINE, 0x61);
    // The oversized line and a valid request arrive in the same write.
    server.write(
      Buffer.concat([head, filler, Buffer.from('"}\n{"v":1,"id":"after","op":"ping"}\n')]),
    );
    const refused = await oversized;
    assert.equal(refused.ok, false);
    assert.deepEqual(refused.error, {
      name: 'SandboxError',
      code: 'PROTOCOL_ERROR',
      message: `the line is longer than ${MAX_LINE} bytes; it was skipped`,
    });
    assert.equal((await next).value, 'pong');
    assert.equal(server.answersWithId('big').length, 1, 'one answer for the oversized line');
  });

  test('an oversized line whose id cannot be read is answered with id null', async () => {
    const oversized = server.answerFor(null);
    server.write(Buffer.concat([Buffer.alloc(MAX_LINE + 10, 0x20), Buffer.from('\n')]));
    assert.equal((await oversized).error?.code, 'PROTOCOL_ERROR');
    await stillServing();
  });

  test('a second oversized line right after the first is also refused', async () => {
    const first = server.answerFor('o1');
    const second = server.answerFor('o2');
    const big = (id: string) =>
      Buffer.concat([
        Buffer.from(`{"v":1,"id":"${id}","op":"ping","x":"`),
        Buffer.alloc(MAX_LINE, 0x62),
        Buffer.from('"}\n'),
      ]);
    server.write(big('o1'));
    server.write(big('o2'));
    assert.equal((await first).error?.code, 'PROTOCOL_ERROR');
    assert.equal((await second).error?.code, 'PROTOCOL_ERROR');
    await stillServing();
  });
});
