/** Every op of `bunker serve --stdio`, through the built CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ServerClient, type Answer } from './client.js';

const root = resolve(import.meta.dirname, '..', '..');
const NO_STATS = { wallMs: 0, cpuMs: 0, peakMemoryBytes: 0, hostCalls: 0 };

/** The answer without the fields that vary between runs. */
const stable = <T extends { stats: unknown }>({ stats: _stats, ...rest }: T) => rest;

describe('bunker serve --stdio: ops', () => {
  let server: ServerClient;
  before(async () => {
    server = new ServerClient();
    await server.started();
  });
  after(async () => {
    await server.close();
  });

  test('starts with a ready line carrying the protocol and package versions', async () => {
    assert.deepEqual(await server.started(), {
      v: 1,
      type: 'ready',
      version: '0.1.0',
      defaultTimeoutMs: 5000,
    });
    assert.deepEqual(server.lines[0], {
      v: 1,
      type: 'ready',
      version: '0.1.0',
      defaultTimeoutMs: 5000,
    });
  });

  test('ping answers pong', async () => {
    assert.deepEqual(await server.request({ op: 'ping' }, 'p1'), {
      v: 1,
      id: 'p1',
      ok: true,
      value: 'pong',
      console: '',
      consoleTruncated: false,
      requests: [],
      requestsOmitted: 0,
      stats: NO_STATS,
    });
  });

  test('run answers exactly what `bunker run --json` prints, plus v and id', async () => {
    const code = 'console.log("hi"); ({ n: 2 ** 30, list: [1.5, "x", null], when: new Date(0) })';
    const answer = await server.request({ op: 'run', code, options: { timeoutMs: 2000 } }, 42);
    const cli = spawnSync(
      process.execPath,
      [resolve(root, 'bin/bunker.js'), 'run', '-e', code, '--json', '--timeout-ms', '2000'],
      { encoding: 'utf8' },
    );
    const printed = JSON.parse(cli.stdout) as Omit<Answer, 'v' | 'id'>;
    assert.deepEqual(stable(answer), { v: 1, id: 42, ...stable(printed) });
    assert.deepEqual(Object.keys(answer.stats).sort(), [
      'cpuMs',
      'hostCalls',
      'peakMemoryBytes',
      'wallMs',
    ]);
    assert.deepEqual(answer.value, {
      n: 1073741824,
      list: [1.5, 'x', null],
      when: '1970-01-01T00:00:00.000Z',
    });
  });

  test('run reports the script failing in the same shape', async () => {
    const answer = await server.request({ op: 'run', code: 'console.log("a"); null.x' });
    assert.equal(answer.ok, false);
    assert.equal(answer.console, 'a\n');
    assert.equal(answer.error?.name, 'JavaScriptError');
    assert.equal(answer.error?.code, 'JAVASCRIPT_ERROR');
    assert.match(answer.error?.message ?? '', /^TypeError: /);
    assert.equal(typeof answer.error?.stack, 'string');
  });

  test('run with bad options is an ArgumentError naming the option', async () => {
    const answer = await server.request({ op: 'run', code: '1', options: { timeoutMs: -1 } }, 7);
    assert.equal(answer.ok, false);
    assert.deepEqual(
      { ...answer.error, message: undefined },
      { name: 'ArgumentError', code: 'INVALID_OPTION', message: undefined },
    );
    assert.match(answer.error!.message, /^option "timeoutMs": /);
    const unknown = await server.request({ op: 'run', code: '1', options: { timeout: 5 } });
    assert.equal(unknown.error?.message, 'unknown option "timeout"');
  });

  test('numbers "tagged": NaN, Infinity and -0 both ways, and objects with "$t" kept apart', async () => {
    const handle = await server.create({});
    const nan = { $t: 'number', v: 'NaN' };
    const set = await server.request({
      op: 'setVariable',
      handle,
      name: 'v',
      value: [nan, { $t: 'number', v: '-0' }, { $t: 'object', v: { $t: 'mine' } }],
      numbers: 'tagged',
    });
    assert.equal(set.ok, true);
    const seen = await server.request({
      op: 'eval',
      handle,
      code: '[Number.isNaN(v[0]), Object.is(v[1], -0), v[2].$t]',
    });
    assert.deepEqual(seen.value, [true, true, 'mine']);
    const code = '[NaN, -Infinity, -0, 1, { $t: 1, n: Infinity }, new Float64Array([NaN])]';
    const tagged = await server.request({ op: 'eval', handle, code, numbers: 'tagged' });
    assert.deepEqual(tagged.value, [
      nan,
      { $t: 'number', v: '-Infinity' },
      { $t: 'number', v: '-0' },
      1,
      { $t: 'object', v: { $t: 1, n: { $t: 'number', v: 'Infinity' } } },
      [nan],
    ]);
    const plain = await server.request({ op: 'eval', handle, code });
    assert.deepEqual(plain.value, [null, null, 0, 1, { $t: 1, n: null }, [null]]);
    const bad = await server.request({
      op: 'setVariable',
      handle,
      name: 'w',
      value: { $t: 'Date', v: 1 },
      numbers: 'tagged',
    });
    assert.equal(bad.error?.code, 'INVALID_ARGUMENT');
    assert.equal(
      bad.error?.message,
      'setVariable: value with numbers "tagged": unknown tag "Date"',
    );
    await server.request({ op: 'dispose', handle });
  });

  test('create, setVariable, eval and dispose on a handle', async () => {
    const handle = await server.create({ timeoutMs: 2000 });
    assert.match(handle, /^[0-9a-f-]{36}$/);

    const set = await server.request({
      op: 'setVariable',
      handle,
      name: 'user',
      value: { name: 'Ada', tags: ['x'], $t: 'kept as data' },
    });
    assert.deepEqual(stable(set), {
      v: 1,
      id: set.id,
      ok: true,
      value: null,
      console: '',
      consoleTruncated: false,
      requests: [],
      requestsOmitted: 0,
    });

    const weird = await server.request({
      op: 'setVariable',
      handle,
      name: 'not an identifier',
      value: 7,
    });
    assert.equal(weird.ok, true);

    const evaluated = await server.request({
      op: 'eval',
      handle,
      code: 'console.log(user.$t); globalThis.kept = 1; [user.name.toUpperCase(), user.tags.length, globalThis["not an identifier"]]',
    });
    assert.equal(evaluated.ok, true);
    assert.deepEqual(evaluated.value, ['ADA', 1, 7]);
    assert.equal(evaluated.console, 'kept as data\n');

    const again = await server.request({ op: 'eval', handle, code: 'kept + 1' });
    assert.equal(again.value, 2, 'globals persist between evals');

    const disposed = await server.request({ op: 'dispose', handle });
    assert.deepEqual(stable(disposed), {
      v: 1,
      id: disposed.id,
      ok: true,
      value: null,
      console: '',
      consoleTruncated: false,
      requests: [],
      requestsOmitted: 0,
    });

    const afterDispose = await server.request({ op: 'eval', handle, code: '1' });
    assert.equal(afterDispose.error?.name, 'SandboxError');
    assert.equal(afterDispose.error?.code, 'SANDBOX_CLOSED');
    assert.equal(
      afterDispose.error?.message,
      `no sandbox with handle "${handle}" (never created, or already disposed)`,
    );
    const disposeAgain = await server.request({ op: 'dispose', handle });
    assert.equal(disposeAgain.error?.code, 'SANDBOX_CLOSED');
  });

  test('setVariable refuses an empty name with ArgumentError', async () => {
    const handle = await server.create();
    const answer = await server.request({ op: 'setVariable', handle, name: '', value: 1 });
    assert.equal(answer.ok, false);
    assert.deepEqual(answer.error, {
      name: 'ArgumentError',
      code: 'INVALID_ARGUMENT',
      message: 'variable name must be a non-empty string',
    });
    await server.request({ op: 'dispose', handle });
  });

  test('create with bad options is an ArgumentError; nothing is started', async () => {
    const answer = await server.request({ op: 'create', options: { memoryLimit: '1kb' } });
    assert.equal(answer.ok, false);
    assert.equal(answer.error?.name, 'ArgumentError');
    assert.equal(answer.error?.code, 'INVALID_OPTION');
    assert.match(answer.error.message, /^option "memoryLimit": /);
  });

  test('an eval that times out ends that sandbox only; later evals on it are SANDBOX_CLOSED', async () => {
    // CPU budget to spare: with both at 300 ms either may trip first (JIT and GC threads count).
    const doomed = await server.create({ timeoutMs: 300, cpuTimeMs: 60_000 });
    const other = await server.create();
    const timedOut = await server.request({
      op: 'eval',
      handle: doomed,
      code: 'console.log("before"); for (;;) {}',
    });
    assert.equal(timedOut.error?.name, 'TimeoutError');
    assert.equal(timedOut.error?.code, 'WALL_TIMEOUT');
    assert.equal(timedOut.console, 'before\n');
    const later = await server.request({ op: 'eval', handle: doomed, code: '1' });
    assert.equal(later.error?.code, 'SANDBOX_CLOSED');
    assert.equal((await server.request({ op: 'eval', handle: other, code: '2' })).value, 2);
    await server.request({ op: 'dispose', handle: doomed });
    await server.request({ op: 'dispose', handle: other });
  });

  test('eval of code that does not parse is a SyntaxError with a stack', async () => {
    const handle = await server.create();
    const answer = await server.request({ op: 'eval', handle, code: 'var =' });
    assert.equal(answer.error?.name, 'SyntaxError');
    assert.equal(answer.error?.code, 'SYNTAX_ERROR');
    assert.equal(typeof answer.error?.stack, 'string');
    await server.request({ op: 'dispose', handle });
  });
});
