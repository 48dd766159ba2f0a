/** The package as its users see it: the public exports, and the built library under Node and Bun. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import * as bunker from '../src/index.js';

const root = resolve(import.meta.dirname, '..');

describe('package', () => {
  test('exports exactly the public API', () => {
    assert.deepEqual(Object.keys(bunker).sort(), [
      'ArgumentError',
      'BunkerError',
      'HTTPBlockedError',
      'HTTPError',
      'HTTPLimitError',
      'HostCallLimitError',
      'JavaScriptError',
      'MemoryLimitError',
      'Pool',
      'Sandbox',
      'SandboxError',
      'SyntaxError',
      'TimeoutError',
      'connect',
      'run',
    ]);
  });

  test('every error class has a stable name and is a BunkerError', () => {
    const errors = [
      new bunker.SyntaxError('m'),
      new bunker.JavaScriptError('m'),
      new bunker.TimeoutError('WALL_TIMEOUT', 'm'),
      new bunker.MemoryLimitError('m'),
      new bunker.ArgumentError('m'),
      new bunker.SandboxError('SANDBOX_CRASHED', 'm'),
      new bunker.HTTPBlockedError('m'),
      new bunker.HTTPLimitError('m'),
      new bunker.HTTPError('m'),
      new bunker.HostCallLimitError('m'),
    ];
    assert.deepEqual(
      errors.map((e) => [e.name, e.code, e instanceof bunker.BunkerError, e instanceof Error]),
      [
        ['SyntaxError', 'SYNTAX_ERROR', true, true],
        ['JavaScriptError', 'JAVASCRIPT_ERROR', true, true],
        ['TimeoutError', 'WALL_TIMEOUT', true, true],
        ['MemoryLimitError', 'MEMORY_LIMIT', true, true],
        ['ArgumentError', 'INVALID_OPTION', true, true],
        ['SandboxError', 'SANDBOX_CRASHED', true, true],
        ['HTTPBlockedError', 'HTTP_BLOCKED', true, true],
        ['HTTPLimitError', 'HTTP_LIMIT', true, true],
        ['HTTPError', 'HTTP_ERROR', true, true],
        ['HostCallLimitError', 'HOST_CALL_LIMIT', true, true],
      ],
    );
  });

  const script = `import { run } from ${JSON.stringify(resolve(root, 'dist/index.js'))};
const r = await run('[1 + 1, typeof process]');
console.log(JSON.stringify(r.value));`;
  for (const [host, command] of [
    ['Node', process.execPath],
    ['Bun', resolve(root, 'node_modules/bun/bin/bun.exe')],
  ] as const) {
    test(`the built library runs under ${host}`, () => {
      const result = spawnSync(command, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.stdout.trim(), '[2,"undefined"]', result.stderr);
    });
  }

  test('the guest starts with bun:ffi and node:vm only (node:fs costs every start ~5 ms)', () => {
    const entry = readFileSync(resolve(root, 'dist/guest/bundle/main.js'), 'utf8');
    const imported = [...entry.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(imported)].sort(), ['bun:ffi', 'vm']);
  });
});
