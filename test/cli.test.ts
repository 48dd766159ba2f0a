/** The CLI as a black box: the built bin/bunker.js, an isolated HOME and a minimal environment. */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';

const root = resolve(import.meta.dirname, '..');
const home = mkdtempSync(join(tmpdir(), 'bunker-cli-'));

function bunker(args: string[], input?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'bunker.js'), ...args], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, ...env },
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('bunker run', () => {
  test('--json prints exactly one object with value, console and stats', () => {
    const { status, stdout } = bunker(['run', '-e', 'console.log("hi"); 1 + 1', '--json']);
    assert.equal(status, 0);
    const out = json(stdout);
    assert.equal(out.ok, true);
    assert.equal(out.value, 2);
    assert.equal(out.console, 'hi\n');
    assert.equal(out.consoleTruncated, false);
    assert.deepEqual(out.requests, []);
    assert.equal(out.requestsOmitted, 0);
    assert.deepEqual(Object.keys(out.stats as object).sort(), [
      'cpuMs',
      'hostCalls',
      'peakMemoryBytes',
      'wallMs',
    ]);
    assert.equal(stdout.trim().split('\n').length, 1);
  });

  test('a failing script exits 1 with the error in --json', () => {
    const { status, stdout } = bunker([
      'run',
      '-e',
      'console.log("x"); throw new TypeError("boom")',
      '--json',
    ]);
    assert.equal(status, 1);
    const out = json(stdout);
    assert.equal(out.ok, false);
    assert.deepEqual(
      { ...(out.error as object), stack: undefined },
      {
        name: 'JavaScriptError',
        code: 'JAVASCRIPT_ERROR',
        message: 'TypeError: boom',
        stack: undefined,
      },
    );
    assert.equal(out.console, 'x\n');
  });

  test('a timeout exits 1 with TimeoutError', () => {
    const { status, stdout } = bunker(['run', '-e', 'for(;;){}', '--timeout-ms', '200', '--json']);
    assert.equal(status, 1);
    assert.equal((json(stdout).error as { name: string }).name, 'TimeoutError');
  });

  test('--memory-limit takes a size', () => {
    const { status, stdout } = bunker([
      'run',
      '-e',
      'new Uint8Array(64 << 20).fill(1).length',
      '--memory-limit',
      '16mb',
      '--json',
    ]);
    assert.equal(status, 1);
    assert.equal((json(stdout).error as { name: string }).name, 'MemoryLimitError');
  });

  test('without --json: console, then the value; errors on stderr', () => {
    const ok = bunker(['run', '-e', 'console.log("line"); ({ a: 1 })']);
    assert.equal(ok.status, 0);
    assert.equal(ok.stdout, 'line\n{ a: 1 }\n');
    const failed = bunker(['run', '-e', 'null.x']);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /^JavaScriptError: TypeError/);
  });

  test('reads a .ts file as TypeScript', () => {
    const file = join(home, 'script.ts');
    writeFileSync(file, 'const n: number = 41;\nn + 1\n');
    const { status, stdout } = bunker(['run', file, '--json']);
    assert.equal(status, 0);
    assert.equal(json(stdout).value, 42);
  });

  test('reads the script from stdin', () => {
    const { status, stdout } = bunker(['run', '-', '--json'], '[1, 2].map((x) => x * 2)');
    assert.equal(status, 0);
    assert.deepEqual(json(stdout).value, [2, 4]);
  });

  test('non-JSON values are projected for --json', () => {
    const { stdout } = bunker([
      'run',
      '-e',
      '({ big: 2n ** 70n, when: new Date(0), n: NaN, m: new Map([["k", 1]]) })',
      '--json',
    ]);
    assert.deepEqual(json(stdout).value, {
      big: '1180591620717411303424',
      when: '1970-01-01T00:00:00.000Z',
      n: null,
      m: { k: 1 },
    });
  });

  test('bad options exit 2 and name the option', () => {
    const bad = bunker(['run', '-e', '1', '--timeout-ms', '-5']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /timeout-ms/);
    const unknown = bunker(['run', '-e', '1', '--frobnicate']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /frobnicate/);
    const size = bunker(['run', '-e', '1', '--memory-limit', 'lots', '--json']);
    assert.equal(size.status, 2);
    assert.equal((json(size.stdout).error as { name: string }).name, 'ArgumentError');
  });

  test('a sandbox that cannot start exits 70 and says how to fix it', () => {
    const noTools = bunker(['run', '-e', '1', '--json'], undefined, { PATH: '/nonexistent' });
    assert.equal(noTools.status, 70);
    const error = json(noTools.stdout).error as { name: string; code: string; message: string };
    assert.equal(error.name, 'SandboxError');
    assert.equal(error.code, 'SANDBOX_UNAVAILABLE');
    assert.match(error.message, /apt-get install -y bubblewrap/);
    const noBun = bunker(['run', '-e', '1', '--json'], undefined, {
      BUNKER_BUN_PATH: join(home, 'missing', 'bun'),
    });
    assert.equal(noBun.status, 70);
    assert.equal((json(noBun.stdout).error as { code: string }).code, 'SANDBOX_START_FAILED');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} to the CLI ends its sandbox`, async () => {
      const guests = () => {
        try {
          return execFileSync('pgrep', ['-f', 'bun.exe --no-install'], { encoding: 'utf8' })
            .trim()
            .split('\n').length;
        } catch {
          return 0;
        }
      };
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
        return check();
      };
      const before = guests();
      const cli = spawn(
        process.execPath,
        [join(root, 'bin', 'bunker.js'), 'run', '-e', 'for (;;) {}', '--timeout-ms', '60000'],
        {
          cwd: home,
          env: { PATH: process.env.PATH, HOME: home },
          stdio: 'ignore',
        },
      );
      assert.ok(await until(() => guests() > before), 'the sandbox did not start');
      cli.kill(signal);
      await new Promise((r) => cli.once('exit', r));
      assert.ok(await until(() => guests() <= before), 'the sandbox outlived the CLI');
    });
  }

  test('a script file is named by its own name in stacks, without its directory', () => {
    const dir = mkdtempSync(join(home, 'scripts-'));
    const file = join(dir, 'report.js');
    writeFileSync(file, 'var ok = 1;\n\nnull.total');
    const { status, stdout } = bunker(['run', file, '--json']);
    assert.equal(status, 1);
    const error = json(stdout).error as { stack: string };
    assert.equal(
      error.stack,
      "TypeError: null is not an object (evaluating 'null.total')\n    at report.js:3:5",
    );
    assert.ok(!stdout.includes(dir), 'the host directory reached the output');
  });

  test('--filename names a script given with -e; the default is script.js', () => {
    const named = bunker(['run', '-e', 'throw new Error("x")', '--filename', 'rule.js', '--json']);
    assert.equal(
      (json(named.stdout).error as { stack: string }).stack,
      'Error: x\n    at rule.js:1:7',
    );
    const unnamed = bunker(['run', '-e', 'throw new Error("x")', '--json']);
    assert.equal(
      (json(unnamed.stdout).error as { stack: string }).stack,
      'Error: x\n    at script.js:1:7',
    );
  });

  test('--help documents every flag', () => {
    const { status, stdout } = bunker(['--help']);
    assert.equal(status, 0);
    for (const flag of [
      '--timeout-ms',
      '--cpu-time-ms',
      '--memory-limit',
      '--console-max-bytes',
      '--allow-read',
      '--allow-write',
      '--allow-eval',
      '--typescript',
      '--filename',
      '--json',
      '--stack-limit',
      '--max-string-length',
    ]) {
      assert.ok(stdout.includes(flag), `missing ${flag}`);
    }
  });
});
