/**
 * Call frames from a script that escaped its realm (the test-only guest hands it `Bun`): the host
 * answers only calls of the run's own functions, one at a time, with arguments it can decode;
 * anything else ends the run as PROTOCOL_ERROR, and the host function is never called.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run, SandboxError } from '../../src/index.js';
import { useEscapedGuest } from '../support/escaped-guest.js';

useEscapedGuest();

const T = 60_000;

/** The script writes `frames` to fd 3 as they are and waits; a run's one eval is id 1. */
const forging = (frames: unknown[]) =>
  `await Bun.write(Bun.file(3), ${JSON.stringify(frames.map((frame) => JSON.stringify(frame) + '\n').join(''))});
  await new Promise(() => {});`;

const call = (fields: Record<string, unknown>) => ({
  v: 1,
  type: 'call',
  id: 1,
  callId: 1,
  name: 'f',
  args: [],
  ...fields,
});

describe('host functions: forged call frames', () => {
  const cases: [string, unknown[], string][] = [
    [
      'a name the run was not given',
      [call({ name: 'process.exit' })],
      'the guest called "process.exit", which is not a host function of this run',
    ],
    [
      'arguments that are not a list',
      [call({ args: { a: 1 } })],
      'the guest sent call arguments that are not a list',
    ],
    [
      'arguments that do not decode',
      [call({ args: [{ $t: 'ref', id: 9 }] })],
      '^the guest sent undecodable call arguments',
    ],
    ['an unknown field', [call({ extra: true })], '^the guest sent a malformed frame$'],
    [
      'a call id that is not a number',
      [call({ callId: 'x' })],
      '^the guest sent a malformed frame$',
    ],
    [
      'a call for another eval',
      [call({ id: 999 })],
      'for id 999, which is not the eval in flight \\(1\\)',
    ],
    [
      'a second call while one waits',
      [call({ name: 'hang' }), call({ callId: 2 })],
      'the guest called again before its last call was answered',
    ],
  ];
  for (const [what, frames, message] of cases) {
    test(`${what} ends the run with PROTOCOL_ERROR`, { timeout: T }, async () => {
      let called = 0;
      const error = await run(forging(frames), {
        timeoutMs: 30_000,
        functions: { f: () => ++called, hang: () => new Promise(() => {}) },
      }).catch((e: unknown) => e);
      assert.ok(error instanceof SandboxError, String(error));
      assert.equal(error.code, 'PROTOCOL_ERROR');
      assert.match(error.message, new RegExp(message));
      assert.equal(called, 0);
    });
  }

  test('a well-formed forged call of a given function is just a call', { timeout: T }, async () => {
    const seen: unknown[] = [];
    const error = await run(forging([call({ args: [1, 'two'] })]), {
      timeoutMs: 30_000,
      functions: { f: (...args: unknown[]) => seen.push(args) },
    }).catch((e: unknown) => e);
    // The answer goes to a guest runtime that waits for no call: it cannot place it, and stops.
    assert.ok(error instanceof SandboxError, String(error));
    // The answer reaches a guest runtime that waits for no call: it cannot place it, and stops.
    assert.equal(error.code, 'SANDBOX_CRASHED');
    assert.match(error.message, /a call answer while no call waits/);
    assert.deepEqual(seen, [[1, 'two']]);
  });
});
