import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { run, Sandbox } from '../../src/index.js';

/** What a failed run carries, for exact assertions on message and stack. */
async function failure(code: string, options?: Parameters<typeof run>[1]) {
  try {
    await run(code, options);
  } catch (error) {
    const e = error as { name: string; message: string; stack?: string };
    return { name: e.name, message: e.message, stack: e.stack };
  }
  throw new Error('the run did not fail');
}

const value = async (code: string) => (await run(code)).value;

describe('eval semantics: the completion value', () => {
  const cases: [string, string, unknown][] = [
    ['if/else', "var x = 0; if (x) { 'a' } else { 'b' }", 'b'],
    ['try/catch', "try { null.f() } catch (e) { 'caught' }", 'caught'],
    ['a for loop', 'var s = 0; for (var i = 0; i < 4; i++) { s += i }', 6],
    [
      'switch',
      "switch (2) { case 1: 'one'; break; case 2: 'two'; break; default: 'other' }",
      'two',
    ],
    ['a function declared after its call', 'f(); function f() { return 9 }', 9],
    ['an empty if after a value', '1; if (false) { 2 }', undefined],
    ['a block after a value', '1; {}', 1],
    ['a declaration after a value', "'v'; var unused = 2", 'v'],
    ['break out of a loop', 'while (true) { 5; break }', 5],
    ['finally does not override', 'try { 1 } finally { 2 }', 1],
    // The loop and its body end at one offset: the inserted closers must nest.
    ['a loop whose body has no braces', 'var t = 0; for (var j = 0; j < 3; j++) t += j', 3],
    ['an if whose branch has no braces', "if (true) if (1) 'a'; else 'b'", 'a'],
  ];
  for (const [what, code, expected] of cases) {
    test(`${what}: ${code}`, async () => assert.equal(await value(code), expected));
    const awaited = `await null; ${code}`;
    test(`${what}, after a top-level await`, async () =>
      assert.equal(await value(awaited), expected));
  }

  test('a labelled loop keeps its label after a top-level await', async () => {
    const code =
      'await 0; var n = 0; outer: for (var i = 0; i < 3; i++) { for (;;) { n++; continue outer } } n';
    assert.equal(await value(code), 3);
  });

  test('the value of an awaited expression', async () => {
    assert.equal(await value('const v = await Promise.resolve(41); v + 1'), 42);
    assert.equal(await value('for await (const x of [Promise.resolve(7)]) { x * 2 }'), 14);
  });
});

describe('eval semantics: a script, not a function', () => {
  test('a top-level return is a SyntaxError at its place', async () => {
    assert.deepEqual(await failure('1;\n  return 5'), {
      name: 'SyntaxError',
      message: "SyntaxError: 'return' outside of function (2:3)",
      stack: '    at script.js:2:3\n      return 5',
    });
  });

  test('a top-level return is a SyntaxError after a top-level await too', async () => {
    const error = await failure('await 1;\nreturn 5');
    assert.equal(error.message, "SyntaxError: 'return' outside of function (2:1)");
  });

  for (const prefix of ['', 'await 0; ']) {
    test(`there is no arguments and this is the global object${prefix ? ' (top-level await)' : ''}`, async () => {
      assert.deepEqual(await value(`${prefix}[typeof arguments, this === globalThis]`), [
        'undefined',
        true,
      ]);
    });
  }

  test("'use strict' applies to the whole script, with or without await", async () => {
    assert.equal(await value("'use strict'; (function () { return this })() === undefined"), true);
    assert.equal(await value("'use strict'; await 0; (function () { return this })()"), undefined);
  });
});

describe('eval semantics: declarations across the evals of a Sandbox', () => {
  const open: Sandbox[] = [];
  after(async () => {
    await Promise.all(open.map((s) => s.dispose()));
  });
  const create = async () => {
    const sandbox = await Sandbox.create();
    open.push(sandbox);
    return sandbox;
  };

  test('let, const, class, var and function persist, with and without await', async () => {
    const sandbox = await create();
    await sandbox.eval(
      'let a = 1; const b = 2; class C { v() { return 3 } } var d = 4; function e() { return 5 }',
    );
    await sandbox.eval(
      'await 0; let f = 6; const { g } = { g: 7 }; class H {} var i = 8; function j() { return 9 }',
    );
    const sum =
      'a + b + new C().v() + d + e() + f + g + (typeof H === "function" ? 10 : 0) + i + j()';
    assert.equal((await sandbox.eval(sum)).value, 55);
  });

  test('the same let and const may be declared again by a later eval', async () => {
    const sandbox = await create();
    await sandbox.eval('let n = 1; const k = "first"');
    assert.deepEqual(
      (await sandbox.eval('let n = n0(); const k = "second"; function n0() { return 2 } [n, k]'))
        .value,
      [2, 'second'],
    );
    assert.deepEqual((await sandbox.eval('await 0; let n; const k = "third"; [n, k]')).value, [
      undefined,
      'third',
    ]);
    await sandbox.eval('class K { }');
    assert.equal((await sandbox.eval('class K { static x = 1 } K.x')).value, 1);
  });

  test('var in blocks, branches and loop heads is global after a top-level await too', async () => {
    const sandbox = await create();
    const code =
      'await 0;\nif (true) { var inBlock = 1 }\nfor (var i = 0; i < 2; i++) {}\n' +
      'for (var key in { k: 1 }) {}\nvar { a: destructured } = { a: 4 };\n[inBlock, i, key, destructured]';
    assert.deepEqual((await sandbox.eval(code)).value, [1, 2, 'k', 4]);
    assert.deepEqual((await sandbox.eval('[inBlock, i, key, destructured]')).value, [1, 2, 'k', 4]);
  });

  test('the same let twice in one eval is still a SyntaxError', async () => {
    const sandbox = await create();
    await assert.rejects(sandbox.eval('let q = 1;\nlet q = 2'), {
      name: 'SyntaxError',
      message: "SyntaxError: Identifier 'q' has already been declared (2:5)",
    });
  });
});

describe('eval semantics: positions are the user code', () => {
  test('a throw on line 3 is reported at line 3', async () => {
    const error = await failure('var a = 1;\nvar b = 2;\nthrow new Error("x")');
    assert.equal(error.stack, 'Error: x\n    at script.js:3:7');
  });

  test('a throw on line 5 of a function is reported at line 5, its caller at its own line', async () => {
    const code =
      'function f() {\n  let a = 1;\n  let b = 2;\n  a += b;\n  throw new TypeError("in f");\n}\nlet z = 0;\nf();';
    const error = await failure(code);
    assert.equal(error.stack, 'TypeError: in f\n    at f (script.js:5:9)\n    at script.js:8:2');
    const awaited = await failure(`await 0; ${code}`);
    assert.equal(awaited.stack, 'TypeError: in f\n    at f (script.js:5:9)\n    at script.js:8:2');
  });

  test('positions on the first line after a top-level await and inserted text', async () => {
    const error = await failure(
      'let v = await 1; class A { m() { throw new Error("m") } }; new A().m()',
    );
    assert.equal(error.stack, 'Error: m\n    at m (script.js:1:40)\n    at script.js:1:69');
  });

  test('a syntax error is at its line and column, with or without await', async () => {
    assert.deepEqual(await failure('let a = 1;\nlet b = (;'), {
      name: 'SyntaxError',
      message: 'SyntaxError: Unexpected token (2:10)',
      stack: '    at script.js:2:10\n    let b = (;',
    });
    const awaited = await failure('await 0;\n\n  foo(;');
    assert.equal(awaited.message, 'SyntaxError: Unexpected token (3:7)');
  });

  test('the filename option names the script in stacks and syntax errors', async () => {
    const error = await failure('\nnull.x', { filename: 'report.js' });
    assert.equal(
      error.stack,
      "TypeError: null is not an object (evaluating 'null.x')\n    at report.js:2:5",
    );
    const syntax = await failure('var =', { filename: 'report.js' });
    assert.equal(syntax.stack, '    at report.js:1:5\n    var =');
  });
});

describe('eval semantics: no host path reaches the script', () => {
  test('console.log of an error prints the script frames only', async () => {
    const result = await run('function f() { console.log(new Error("boom")) }\nf()');
    assert.equal(result.console, 'Error: boom\n    at f (script.js:1:28)\n    at script.js:2:2\n');
  });

  test('error.stack read by the script, returned and thrown, from a timer and a promise', async () => {
    const result = await run(
      'const stacks = [new Error("a").stack];\n' +
        'await new Promise((resolve) => setTimeout(() => { stacks.push(new Error("b").stack); resolve() }, 1));\n' +
        'await Promise.resolve().then(() => stacks.push(new Error("c").stack));\n' +
        'try { new URL("not a url") } catch (e) { stacks.push(e.stack) }\n' +
        'stacks',
    );
    const stacks = result.value as string[];
    assert.deepEqual(stacks.slice(0, 3), [
      'Error: a\n    at script.js:1:17',
      'Error: b\n    at script.js:2:63',
      'Error: c\n    at script.js:3:48',
    ]);
    // Thrown by a built-in of Bun's realm: its frames are native ones and the script's.
    assert.match(
      stacks[3]!,
      /^TypeError: Invalid URL\n( {4}at \w+ \(native\)\n)* {4}at script\.js:4:7$/,
    );
  });

  test('a script cannot replace Error.prepareStackTrace to see the runtime frames', async () => {
    const result = await run(
      'Error.prepareStackTrace = (e, sites) => sites.map((s) => s.getFileName()).join();\n' +
        'new Error("x").stack',
    );
    assert.equal(result.value, 'Error: x\n    at script.js:2:1');
  });

  test('a returned error keeps its own frames', async () => {
    const result = await run('function make() { return new RangeError("r") }\nmake()');
    assert.equal(
      (result.value as Error).stack,
      '    at make (script.js:1:26)\n    at script.js:2:5',
    );
  });
});

describe('eval semantics: TypeScript', () => {
  const ts = { typescript: true };

  test('types are removed in place: a throw is at its line and column', async () => {
    const code =
      'interface Point { x: number }\n' +
      'type Id = string;\n' +
      'function norm<T extends Point>(p: T, scale?: number): number {\n' +
      '  if (p.x < 0) throw new RangeError("negative" as string);\n' +
      '  return p.x * (scale ?? 1);\n' +
      '}\n' +
      'norm({ x: -1 }!)';
    const error = await failure(code, ts);
    assert.equal(
      error.stack,
      'RangeError: negative\n    at norm (script.js:4:22)\n    at script.js:7:5',
    );
  });

  test('the completion value, classes with modifiers, and a top-level await', async () => {
    const code =
      'abstract class Shape { abstract area(): number; protected readonly name: string = "s" }\n' +
      'class Square extends Shape implements Iterable<number> { private side!: number;\n' +
      '  constructor(side: number) { super(); this.side = side }\n' +
      '  area(): number { return this.side ** 2 } *[Symbol.iterator]() { yield this.side } }\n' +
      'const side: number = await Promise.resolve<number>(3);\n' +
      'if (side > 2) { new Square(side).area() satisfies number } else { 0 }';
    assert.equal((await run(code, ts)).value, 9);
  });

  test('enum is refused at its place, as code with run-time meaning', async () => {
    assert.deepEqual(await failure('let a = 1;\n  enum E { A }', ts), {
      name: 'SyntaxError',
      message:
        'SyntaxError: TypeScript enum is not supported: only types are removed, and this is not one (2:3)',
      stack: '    at script.js:2:3\n      enum E { A }',
    });
  });

  test('a TypeScript syntax error is at its place', async () => {
    const error = await failure('let a: number = 1;\nlet b: = 2', ts);
    assert.equal(error.message, 'SyntaxError: Unexpected token (2:8)');
  });
});
