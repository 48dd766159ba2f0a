import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run } from '../../src/index.js';

describe('guest globals', () => {
  test('has the documented web and ECMAScript globals', async () => {
    const names = [
      'console',
      'setTimeout',
      'setInterval',
      'clearTimeout',
      'clearInterval',
      'queueMicrotask',
      'structuredClone',
      'TextEncoder',
      'TextDecoder',
      'URL',
      'URLSearchParams',
      'atob',
      'btoa',
      'crypto',
      'performance',
      'Headers',
      'Request',
      'Response',
      'fetch',
      'Promise',
      'Map',
      'Set',
      'WeakMap',
      'Proxy',
      'Reflect',
      'Intl',
      'BigInt',
      'JSON',
    ];
    const result = await run(
      `${JSON.stringify(names)}.filter((n) => typeof globalThis[n] === "undefined")`,
    );
    assert.deepEqual(result.value, []);
  });

  test('the web APIs work', async () => {
    const code = `[
      new TextDecoder().decode(new TextEncoder().encode("héllo")),
      new URL("/a?b=1", "https://example.com").href,
      atob(btoa("bunker")),
      crypto.getRandomValues(new Uint8Array(8)).length,
      /^[0-9a-f-]{36}$/.test(crypto.randomUUID()),
      typeof performance.now(),
      structuredClone({ d: new Date(0) }).d.getTime(),
      new Headers({ "x-a": "1" }).get("x-a"),
      await new Response("body").text(),
      await new Promise((r) => queueMicrotask(() => r("micro"))),
    ]`;
    assert.deepEqual((await run(code)).value, [
      'héllo',
      'https://example.com/a?b=1',
      'bunker',
      8,
      true,
      'number',
      0,
      '1',
      'body',
      'micro',
    ]);
  });

  test('fetch rejects with HTTPBlockedError, which the script can catch', async () => {
    await assert.rejects(run('await fetch("https://example.com")'), {
      name: 'HTTPBlockedError',
      code: 'HTTP_BLOCKED',
      message: 'fetch is not enabled (no http option was given)',
    });
    const caught = await run(
      'let m; try { await fetch("https://example.com") } catch (e) { m = e.name + ": " + e.message } m',
    );
    assert.equal(caught.value, 'HTTPBlockedError: fetch is not enabled (no http option was given)');
  });
});

describe('unreachable from the guest realm', () => {
  for (const name of [
    'process',
    'Bun',
    'require',
    'module',
    'exports',
    'Worker',
    '__dirname',
    'Deno',
    'global',
  ]) {
    test(`${name} is not defined`, async () => {
      assert.equal((await run(`typeof ${name}`)).value, 'undefined');
    });
  }

  for (const specifier of [
    'node:fs',
    'fs',
    'node:child_process',
    'bun:ffi',
    'bun:sqlite',
    'data:text/javascript,export default 1',
  ]) {
    test(`import("${specifier}") is refused`, async () => {
      await assert.rejects(run(`await import(${JSON.stringify(specifier)})`), {
        name: 'JavaScriptError',
        message: /^TypeError/,
      });
    });
  }

  test('a static import is refused', async () => {
    await assert.rejects(run('import fs from "node:fs"; fs'), (error: Error) =>
      ['JavaScriptError', 'SyntaxError'].includes(error.name),
    );
  });

  test('the classic constructor escape finds no code generation', async () => {
    await assert.rejects(run('this.constructor.constructor("return process")()'), {
      name: 'JavaScriptError',
      message: /^EvalError/,
    });
  });

  for (const [what, code] of [
    ['eval', 'eval("1 + 1")'],
    ['new Function', 'new Function("return 1")()'],
    ['the async function constructor', '(async () => {}).constructor("return 1")()'],
    [
      'the generator function constructor',
      '(function* () {}).constructor("yield 1")().next().value',
    ],
    ['a string timer', 'setTimeout("globalThis.x = 1", 0)'],
  ] as const) {
    test(`${what} is blocked by default`, async () => {
      await assert.rejects(run(code), {
        name: 'JavaScriptError',
        message: /^(EvalError|TypeError)/,
      });
    });
  }

  test('allowEval turns eval and new Function on', async () => {
    assert.equal(
      (await run('eval("1 + 1") + new Function("return 1")()', { allowEval: true })).value,
      3,
    );
  });

  test('compiling WebAssembly from bytes is blocked', async () => {
    const bytes = 'new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])';
    await assert.rejects(run(`new WebAssembly.Module(${bytes})`), {
      name: 'JavaScriptError',
      message: /^CompileError/,
    });
    await assert.rejects(run(`await WebAssembly.compile(${bytes})`), {
      name: 'JavaScriptError',
      message: /^CompileError/,
    });
  });
});
