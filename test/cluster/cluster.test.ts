/**
 * Three nodes behind a real HAProxy (deploy/haproxy.cfg): runs spread, sandbox calls reach their
 * node, a node SIGKILLed under load costs clear errors only (no hang, no run answered twice) and
 * its sandboxes answer 404 SANDBOX_CLOSED, a node drained with SIGTERM loses no run.
 * Load is bounded: a few dozen short runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, SandboxError, type Client, type Result } from '../../src/index.js';
import { TOKENS } from '../server/http/node.js';
import { Cluster, haproxyMissing } from './balancer.js';

/** Settles `count` runs of `code`, `width` at a time; each ends as a Result or an error. */
async function load(client: Client, count: number, width: number, code: string) {
  const settled: (Result | Error)[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      settled.push(await client.run(code, { timeoutMs: 5000 }).catch((error: Error) => error));
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return settled;
}

/** A node writes its log line just after its answer went out. */
const settle = () => new Promise((wake) => setTimeout(wake, 300));

const runLines = (cluster: Cluster, since: number[]) =>
  cluster.nodes.map(
    (node, index) =>
      node.log.slice(since[index]).filter((line) => line.path === '/v1/run' && line.status === 200)
        .length,
  );

describe('three nodes behind HAProxy', { skip: haproxyMissing }, () => {
  let cluster: Cluster;
  let client: Client;
  before(async () => {
    cluster = new Cluster(['--drain-timeout-ms', '10000']);
    await cluster.start();
    client = connect(cluster.url, { token: TOKENS.acme });
  });
  after(async () => {
    client.close();
    await cluster.stop();
  });

  test('runs spread over every node', async () => {
    const since = cluster.nodes.map((node) => node.log.length);
    const results = await load(client, 12, 3, '1 + 1');
    assert.deepEqual(
      results.map((result) => (result instanceof Error ? result.message : result.value)),
      Array(12).fill(2),
    );
    await settle();
    const perNode = runLines(cluster, since);
    assert.equal(
      perNode.reduce((a, b) => a + b),
      12,
    );
    for (const count of perNode) assert.ok(count >= 2, `runs per node: ${perNode.join(', ')}`);
  });

  test('sandbox calls reach the node that holds the sandbox', async () => {
    const sandboxes = await Promise.all(Array.from({ length: 6 }, () => client.createSandbox()));
    assert.deepEqual(
      new Set(sandboxes.map((sandbox) => sandbox.id.split('.')[0])),
      new Set(['n1', 'n2', 'n3']),
    );
    for (const [index, sandbox] of sandboxes.entries()) await sandbox.setVariable('mine', index);
    for (let round = 0; round < 3; round++)
      for (const [index, sandbox] of sandboxes.entries())
        assert.equal((await sandbox.eval('mine')).value, index);
    await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  });

  test('SIGKILL of a node under load: each run succeeds or fails clearly, once; its sandboxes answer SANDBOX_CLOSED', async () => {
    const victim = cluster.nodes[1]!;
    const sandboxes = await Promise.all(Array.from({ length: 6 }, () => client.createSandbox()));
    assert.ok(
      sandboxes.some((sandbox) => sandbox.id.startsWith('n2.')),
      'a sandbox on n2',
    );
    const since = cluster.nodes.map((node) => node.log.length);
    const started = Date.now();
    const running = load(client, 30, 6, 'await new Promise((r) => setTimeout(r, 150)); "done"');
    await new Promise((wake) => setTimeout(wake, 400));
    victim.child.kill('SIGKILL');
    const results = await running;
    assert.ok(Date.now() - started < 20_000, 'no run hung');
    assert.equal(results.length, 30);
    const failed = results.filter((result) => result instanceof Error);
    for (const error of failed) {
      assert.ok(error instanceof SandboxError, String(error));
      assert.equal(error.code, 'SANDBOX_UNAVAILABLE');
    }
    const succeeded = results.filter((result) => !(result instanceof Error)) as Result[];
    for (const result of succeeded) assert.equal(result.value, 'done');
    await settle();
    // No run was answered twice or behind the client's back: every run a node logged as
    // answered is a distinct success of the client. (The killed node may have sent an answer and
    // died before logging it, so successes may exceed the lines, by at most its runs in flight.)
    const lines = runLines(cluster, since);
    const logged = lines.reduce((a, b) => a + b);
    assert.ok(logged <= succeeded.length, `logged ${logged}, succeeded ${succeeded.length}`);
    assert.ok(succeeded.length - logged <= 6, `logged ${logged}, succeeded ${succeeded.length}`);
    // Once HAProxy has noticed (3 failed checks, 300 ms apart), every new run succeeds.
    await new Promise((wake) => setTimeout(wake, 1500));
    const after = await load(client, 12, 3, '"again"');
    assert.deepEqual(
      after.map((result) => (result instanceof Error ? result.message : result.value)),
      Array(12).fill('again'),
    );
    for (const sandbox of sandboxes) {
      if (!sandbox.id.startsWith('n2.')) {
        await sandbox.dispose();
        continue;
      }
      const asked = Date.now();
      await assert.rejects(sandbox.eval('1'), (error: unknown) => {
        assert.ok(error instanceof SandboxError);
        assert.equal(error.code, 'SANDBOX_CLOSED');
        return true;
      });
      assert.ok(Date.now() - asked < 2000, 'answered at once, not after a timeout');
    }
  });

  test('a node drained with SIGTERM loses no run', async () => {
    const draining = cluster.nodes[0]!;
    const running = load(client, 24, 4, 'await new Promise((r) => setTimeout(r, 200)); "kept"');
    await new Promise((wake) => setTimeout(wake, 500));
    draining.child.kill('SIGTERM');
    const results = await running;
    assert.deepEqual(
      results.map((result) => (result instanceof Error ? result.message : result.value)),
      Array(24).fill('kept'),
    );
    assert.deepEqual(await draining.exited, { code: 0, signal: null });
  });
});
