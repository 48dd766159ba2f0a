/**
 * The adversarial suite: every script under attacks/ runs through the real sandbox and must end
 * in exactly the outcome its header names (attack-file.ts), with the host alive. Afterwards
 * nothing may be left: no process, mount or temp file of the suite's.
 *
 * Two test files run it: suite.test.ts the attacks on the realm as shipped, escaped-suite.test.ts
 * those marked `guest: escaped` (the test-only guest is chosen per test process).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { Sandbox, type Options } from '../../src/index.js';
import { defaultPool } from '../../src/default-pool.js';
import { descendants } from '../../src/host/proc.js';
import { SPAWNER_TITLE } from '../../src/host/spawner/messages.js';
import type { Outcome } from '../../src/result.js';
import { echo, reply, startServer, type TestServer } from '../broker/servers.js';
import { readAttack, type Attack, type Expectation } from './attack-file.js';

const ATTACKS = join(import.meta.dirname, 'attacks');

/** Host functions an attack may ask for (`// functions:`). */
const SUITE_FUNCTIONS: Record<string, (...args: never[]) => unknown> = {
  echo: (...args: unknown[]) => args,
  'host.fail': () => {
    throw new Error('boom');
  },
};

export function attackFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? attackFiles(join(dir, entry.name))
        : entry.name.endsWith('.js')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

/** Defines the suite's tests: the escaped attacks or the others. */
export function defineAttackSuite(escaped: boolean): void {
  let server: TestServer;
  let bomb: Buffer | undefined;
  const mounts = () => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').length;
  const temps = () => readdirSync(tmpdir()).sort();
  const before_ = { mounts: 0, temps: [] as string[], processes: new Set<number>() };

  before(async () => {
    // tsx's esbuild service is a child of ours already; only what the suite starts must be gone.
    before_.processes = new Set(descendants(process.pid).map((p) => p.pid));
    before_.mounts = mounts();
    before_.temps = temps();
    server = await startServer((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const to = url.searchParams.get('to');
      if (url.pathname === '/redirect' && to !== null) return reply(res, 302, { location: to });
      if (url.pathname === '/empty-gzip')
        return reply(res, to === null ? 200 : 302, {
          'content-encoding': 'gzip',
          ...(to === null ? {} : { location: to }),
        });
      if (url.pathname === '/switch')
        return reply(res, 101, { upgrade: 'websocket', connection: 'upgrade' });
      if (url.pathname === '/gzip-bomb') {
        // 256 MiB of zeros, about 256 KiB on the wire.
        bomb ??= gzipSync(Buffer.alloc(256 * 1024 * 1024));
        return reply(res, 200, { 'content-encoding': 'gzip' }, bomb);
      }
      if (url.pathname === '/drip') {
        res.writeHead(200);
        const timer = setInterval(() => res.write('.'), 50);
        const stop = setTimeout(() => res.end(), 5000);
        res.on('close', () => {
          clearInterval(timer);
          clearTimeout(stop);
        });
        return;
      }
      if (url.pathname === '/big')
        return reply(res, 200, {}, Buffer.alloc(Number(url.searchParams.get('size') ?? 0), 97));
      echo(req, res, body);
    });
  });

  after(async () => {
    await server.close();
    await defaultPool().dispose();
    assert.deepEqual(
      descendants(process.pid)
        // The host's spawner stays for the host's lifetime; what it started must be gone.
        .filter((p) => !before_.processes.has(p.pid) && p.comm !== SPAWNER_TITLE)
        .map((p) => `${p.pid} ${p.comm}`),
      [],
      'no process of the suite is left',
    );
    assert.equal(mounts(), before_.mounts, 'no mount is left');
    assert.deepEqual(temps(), before_.temps, 'no temp file is left');
  });

  async function outcomeOf(code: string, options: string, functions: string[]): Promise<Outcome> {
    const port = String(server.port);
    const parsed = JSON.parse(
      options.replaceAll('"$PORT"', port).replaceAll('$PORT', port),
    ) as Options;
    const given = Object.fromEntries(functions.map((name) => [name, SUITE_FUNCTIONS[name]!]));
    const sandbox = await Sandbox.create({ ...parsed, functions: given });
    try {
      await sandbox.setVariable('TARGET', {
        port: server.port,
        origin: `http://api.test:${server.port}`,
      });
      return await sandbox.evalOutcome(code);
    } finally {
      await sandbox.dispose();
    }
  }

  function check(outcome: Outcome, expect: Expectation, attack: Attack): void {
    // inspect, not JSON: a value may be cyclic, or share references that JSON would expand.
    const got = outcome.ok
      ? `value ${inspect(outcome.value, { depth: 4, maxStringLength: 200 })}`
      : `error ${outcome.error.name} ${outcome.error.code}: ${outcome.error.message}`;
    if (expect.kind === 'value') {
      assert.equal(outcome.ok, true, got);
      assert.deepEqual(outcome.ok && outcome.value, expect.value);
      return;
    }
    assert.equal(outcome.ok, false, got);
    if (outcome.ok) return;
    assert.deepEqual([outcome.error.name, outcome.error.code], [expect.name, expect.code], got);
    if (attack.message) assert.match(outcome.error.message, attack.message);
  }

  const byCategory = new Map<string, Attack[]>();
  for (const file of attackFiles(ATTACKS)) {
    const attack = readAttack(file);
    if (attack.escaped !== escaped) continue;
    const category = relative(ATTACKS, dirname(file)) || '.';
    byCategory.set(category, [...(byCategory.get(category) ?? []), attack]);
  }

  for (const [category, attacks] of byCategory) {
    describe(`attacks: ${category}${escaped ? ' (escaped guest)' : ''}`, () => {
      for (const attack of attacks) {
        test(`${basename(attack.file, '.js')}: ${attack.title}`, async () => {
          server.hits.length = 0;
          check(
            await outcomeOf(attack.code, attack.options, attack.functions),
            attack.expect,
            attack,
          );
          if (attack.hits !== undefined)
            assert.equal(server.hits.length, attack.hits, 'requests the server saw');
          if (attack.then)
            check(
              await outcomeOf(attack.then.code, attack.options, attack.functions),
              attack.then.expect,
              attack,
            );
        });
      }
    });
  }
}
