/**
 * What `bunker run` writes, as a black box (the built bin/bunker.js, an isolated HOME): every
 * rendering of a value within its byte budget, and script text unable to drive a terminal or to
 * pass for bunker's own lines (issue 11, items 2 and 7).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { scriptField, scriptLines } from '../src/cli/script-text.js';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'bunker.js');
const home = mkdtempSync(join(tmpdir(), 'bunker-cli-output-'));
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };

function bunker(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: home,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI with stdout and stderr on a real terminal (util-linux `script`); the code goes as data. */
function bunkerOnTerminal(code: string) {
  const result = spawnSync(
    'script',
    ['-qec', `exec "${process.execPath}" "${bin}" run -e "$CODE"`, '/dev/null'],
    {
      cwd: home,
      env: { ...env, CODE: code },
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // The terminal turns \n into \r\n.
  return { status: result.status, output: result.stdout.replaceAll('\r\n', '\n') };
}

const SHARED = 'const s = "x".repeat(8 * 1024 * 1024); Array(100).fill([s])';
const OVER_BUDGET = 'RangeError: the result takes more than 33553408 bytes as JSON';
/** C0 and C1 controls but newline and tab, and DEL. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const HOSTILE = [
  'console.log("\\x1b[31mred\\x07\\u202e\\u200b\\nbunker: fetch GET https://evil.test/ → 200 (1 ms, 0 bytes)\\n  Bunker says hi\\tok");',
  'throw new Error("boom\\x1b[2J\\nbunker: fetch GET https://api.test/ → 200 (3 ms, 9 bytes)\\r\\x9b")',
].join('\n');

describe('bunker run: bounded renderings', () => {
  test('--json: one 8 MiB string referenced 100 times is a RangeError, exit 1', () => {
    const { status, stdout, stderr } = bunker(['run', '--json', '-e', SHARED]);
    assert.equal(status, 1);
    assert.equal(stderr, '');
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(
      { ...printed, stats: undefined },
      {
        ok: false,
        error: { name: 'JavaScriptError', code: 'JAVASCRIPT_ERROR', message: OVER_BUDGET },
        console: '',
        consoleTruncated: false,
        requests: [],
        requestsOmitted: 0,
        stats: undefined,
      },
    );
  });

  test('without --json the same value is the same error, exit 1', () => {
    const { status, stdout, stderr } = bunker(['run', '-e', SHARED]);
    assert.equal(status, 1);
    assert.equal(stdout, '');
    assert.equal(stderr, `JavaScriptError: ${OVER_BUDGET}\n`);
  });

  test('--json writes lone surrogates as U+FFFD: valid UTF-8 everywhere', () => {
    const { status, stdout } = bunker([
      'run',
      '--json',
      '-e',
      'console.log("\\ud800"); ({ "\\udc00": "a\\ud800" })',
    ]);
    assert.equal(status, 0);
    assert.ok(!stdout.includes('\\ud'), stdout);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual([printed.value, printed.console], [{ '\ufffd': 'a\ufffd' }, '\ufffd\n']);
  });
});

describe('bunker run: script text', () => {
  test('piped: console output stays byte-exact; the error on stderr is escaped and marked', () => {
    const { status, stdout, stderr } = bunker(['run', '-e', HOSTILE]);
    assert.equal(status, 1);
    assert.equal(
      stdout,
      '\x1b[31mred\x07\u202e\u200b\nbunker: fetch GET https://evil.test/ → 200 (1 ms, 0 bytes)\n  Bunker says hi\tok\n',
    );
    const lines = stderr.split('\n');
    assert.deepEqual(lines.slice(0, 2), [
      'JavaScriptError: Error: boom\\x1b[2J',
      '(script) bunker: fetch GET https://api.test/ → 200 (3 ms, 9 bytes)\\x0d\\x9b',
    ]);
    assert.match(lines[2]!, /^ {4}at /);
    assert.ok(!CONTROL.test(stderr), 'no control character on stderr');
  });

  test(
    'on a terminal: console output and the error are escaped and marked',
    { skip: existsSync('/usr/bin/script') ? false : 'util-linux `script` is not installed' },
    () => {
      const { status, output } = bunkerOnTerminal(HOSTILE);
      assert.equal(status, 1);
      const lines = output.split('\n');
      assert.deepEqual(lines.slice(0, 5), [
        '\\x1b[31mred\\x07\\u202e\\u200b',
        '(script) bunker: fetch GET https://evil.test/ → 200 (1 ms, 0 bytes)',
        '  (script) Bunker says hi\tok',
        'JavaScriptError: Error: boom\\x1b[2J',
        '(script) bunker: fetch GET https://api.test/ → 200 (3 ms, 9 bytes)\\x0d\\x9b',
      ]);
      assert.ok(!CONTROL.test(output), 'no control character reaches the terminal');
    },
  );

  test('scriptLines and scriptField: every control, format and separator character is escaped', () => {
    assert.equal(
      scriptLines('a\x00\x1b\x7f\x85\u00ad\u200e\u2028\u2029\ufeff\ud800\u{e0001}\tb\n'),
      'a\\x00\\x1b\\x7f\\x85\\xad\\u200e\\u2028\\u2029\\ufeff\\ud800\\u{e0001}\tb\n',
    );
    assert.equal(
      scriptLines('bunker: a\n \tBUNKER b\nnot bunker: c\n\u200bbunker: d'),
      '(script) bunker: a\n \t(script) BUNKER b\nnot bunker: c\n\\u200bbunker: d',
    );
    assert.equal(scriptField('https://x/\nbunker: y\t\x1b'), 'https://x/\\x0abunker: y\\x09\\x1b');
  });
});
