/** `bunker serve` on the command line: the transport flag is required. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'bunker.js');
const bunker = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: '', timeout: 30_000 });

describe('bunker serve: usage', () => {
  test('without --stdio or --http it exits 2 and says so', () => {
    const { status, stdout, stderr } = bunker(['serve']);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'bunker: serve needs one of --stdio or --http [HOST:]PORT\n');
  });

  test('--stdio and --http together exit 2', () => {
    const { status, stderr } = bunker(['serve', '--stdio', '--http', '0']);
    assert.equal(status, 2);
    assert.equal(stderr, 'bunker: serve needs one of --stdio or --http [HOST:]PORT\n');
  });

  test('a malformed --http address exits 2 naming it', () => {
    const { status, stderr } = bunker(['serve', '--http', 'host:port']);
    assert.equal(status, 2);
    assert.match(stderr, /--http host:port: expected \[HOST:\]PORT/);
  });

  test('an unknown flag exits 2 naming it', () => {
    const { status, stderr } = bunker(['serve', '--stdio', '--port', '1']);
    assert.equal(status, 2);
    assert.match(stderr, /--port/);
  });

  test('--help documents serve', () => {
    const { status, stdout } = bunker(['serve', '--help']);
    assert.equal(status, 0);
    assert.match(stdout, /bunker serve --stdio/);
    assert.match(stdout, /bunker serve --http \[HOST:\]PORT/);
    for (const flag of ['--token-file', '--node-id', '--sandbox-idle-ms', '--drain-timeout-ms'])
      assert.ok(stdout.includes(flag), `missing ${flag}`);
  });

  test('stdin already closed: ready line, then exit 0', () => {
    const { status, stdout } = bunker(['serve', '--stdio']);
    assert.equal(status, 0);
    assert.equal(stdout, '{"v":1,"type":"ready","version":"0.1.0","defaultTimeoutMs":5000}\n');
  });
});
