/**
 * The sandbox must not depend on root. The built CLI runs as a black box twice: as the test's
 * own user (root under scripts/isolated.sh) and as uid/gid 65534 with no capabilities (setpriv).
 * Both must give values back, keep an escaped script contained, enforce the limits, and run the
 * guest under seccomp filtering with no capabilities. When the run as uid 65534 cannot happen here
 * (not root, no setpriv, user namespaces off, a checkout that user cannot read), it is skipped
 * with the reason.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, constants, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { escapedBunPath } from './support/escaped-guest.js';

const root = resolve(import.meta.dirname, '..');
const NOBODY = 65534;
const uid = process.getuid?.() ?? 0;
const AS_NOBODY = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'];

interface User {
  /** argv that runs a command as this user. */
  prefix: string[];
  home: string;
}

function spawnAs(user: User, argv: string[], extraEnv: Record<string, string> = {}) {
  const [command, ...args] = [...user.prefix, ...argv];
  return spawnSync(command!, args, {
    cwd: user.home,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: user.home,
      TMPDIR: user.home,
      ...extraEnv,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function bunker(user: User, code: string, flags: string[] = [], escaped = false) {
  const result = spawnAs(
    user,
    [process.execPath, join(root, 'bin', 'bunker.js'), 'run', '--json', '-e', code, ...flags],
    // The test-only guest that hands the script Bun's API, as if it had escaped the realm.
    escaped ? { BUNKER_BUN_PATH: escapedBunPath() } : {},
  );
  assert.ok(result.stdout, `no output (status ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as {
    ok: boolean;
    value?: unknown;
    error?: { name: string; code: string; message: string };
  };
}

/** The value of an escaped script that must succeed. */
function escapedValue(user: User, body: string): unknown {
  const out = bunker(user, body, [], true);
  assert.equal(out.ok, true, JSON.stringify(out.error));
  return out.value;
}

/** An expression: its value, or "ERR <code>" when it throws. */
const attempt = (expression: string) =>
  `await (async () => { try { return (${expression}) } catch (e) { return "ERR " + (e.code ?? e.name) } })()`;

/** The fields of a `/proc/PID/status` text. */
function statusFields(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

/** Why the run as uid 65534 cannot happen here, or false when it can. */
function unprivilegedSkip(): string | false {
  if (uid !== 0)
    return `the tests run as uid ${uid}, not root, so they cannot switch users; the run as the current user is the unprivileged one`;
  if (spawnSync('setpriv', ['--version']).status !== 0)
    return 'setpriv (util-linux) is not installed';
  const sysctl = (path: string) =>
    existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
  if (sysctl('/proc/sys/user/max_user_namespaces') === '0')
    return 'user namespaces are off (user.max_user_namespaces = 0): bubblewrap needs them without root';
  if (sysctl('/proc/sys/kernel/unprivileged_userns_clone') === '0')
    return 'unprivileged user namespaces are off (kernel.unprivileged_userns_clone = 0): bubblewrap needs them without root';
  if (sysctl('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1')
    return 'AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1)';
  // The checkout, its dependencies and node itself must be usable by uid 65534.
  const needed: [string, number][] = [
    [join(root, 'bin', 'bunker.js'), constants.R_OK],
    [join(root, 'dist', 'index.js'), constants.R_OK],
    [join(root, 'node_modules', 'bun', 'bin', 'bun.exe'), constants.X_OK],
    [
      join(root, 'node_modules', '@anthropic-ai', 'sandbox-runtime', 'package.json'),
      constants.R_OK,
    ],
  ];
  const probe = `for (const [path, mode] of ${JSON.stringify(needed)}) require("fs").accessSync(path, mode)`;
  const check = spawnSync('setpriv', [...AS_NOBODY.slice(1), process.execPath, '-e', probe], {
    encoding: 'utf8',
  });
  if (check.status !== 0)
    return `the checkout is not usable by uid ${NOBODY}: ${check.stderr.split('\n').find((l) => l.startsWith('Error')) ?? check.stderr.trim()}`;
  return false;
}

function homeFor(owner: number): string {
  const home = mkdtempSync(join(tmpdir(), 'bunker-nonroot-'));
  if (owner !== uid) chownSync(home, owner, owner);
  return home;
}

const skipUnprivileged = unprivilegedSkip();
const users: { label: string; skip: string | false; make: () => User }[] = [
  {
    label: `the test's own user (uid ${uid})`,
    skip: false,
    make: () => ({ prefix: [], home: homeFor(uid) }),
  },
  {
    label: `an unprivileged user (uid ${NOBODY})`,
    skip: skipUnprivileged,
    make: () => ({ prefix: AS_NOBODY, home: homeFor(NOBODY) }),
  },
];

describe('bunker without root', () => {
  test(
    `uid ${NOBODY} really holds no privilege, and bubblewrap can make its namespaces`,
    { skip: skipUnprivileged },
    () => {
      const user: User = { prefix: AS_NOBODY, home: homeFor(NOBODY) };
      const status = statusFields(spawnAs(user, ['cat', '/proc/self/status']).stdout);
      assert.equal(status.get('Uid'), `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`);
      assert.equal(status.get('CapEff'), '0000000000000000');
      assert.equal(status.get('CapPrm'), '0000000000000000');
      const bwrap = spawnAs(user, [
        'bwrap',
        '--unshare-user',
        '--unshare-pid',
        '--unshare-net',
        '--ro-bind',
        '/',
        '/',
        '--proc',
        '/proc',
        'true',
      ]);
      assert.equal(bwrap.status, 0, `bwrap as uid ${NOBODY}: ${bwrap.stderr}`);
    },
  );
});

for (const { label, skip, make } of users) {
  describe(`bunker run as ${label}`, { skip }, () => {
    let user: User;
    before(() => {
      user = make();
    });
    const as = () => user;

    test('gives a value back', () => {
      const out = bunker(as(), '[1, 2].map((x) => x * 2)');
      assert.equal(out.ok, true, JSON.stringify(out.error));
      assert.deepEqual(out.value, [2, 4]);
    });

    test('the guest runs under seccomp filters that refuse Unix sockets', () => {
      const status = statusFields(
        String(escapedValue(as(), 'await Bun.file("/proc/self/status").text()')),
      );
      assert.equal(status.get('Seccomp'), '2', 'Seccomp: 2 is filter mode');
      // sandbox-runtime's filter and bunker's own (docs/security.md).
      assert.ok(Number(status.get('Seccomp_filters')) >= 2, status.get('Seccomp_filters'));
      assert.equal(status.get('NoNewPrivs'), '1');
      const listen = escapedValue(
        as(),
        attempt('(Bun.listen({ unix: "/tmp/s.sock", socket: { data() {} } }), "listening")'),
      );
      assert.match(String(listen), /^ERR /);
    });

    test('the guest runs in a user namespace of its own, without capabilities', () => {
      const map = String(escapedValue(as(), 'await Bun.file("/proc/self/uid_map").text()'));
      const [inside, outside, count] = map.trim().split(/\s+/).map(Number);
      assert.deepEqual({ inside, outside, count }, { inside, outside: inside, count: 1 }, map);
      const status = statusFields(
        String(escapedValue(as(), 'await Bun.file("/proc/self/status").text()')),
      );
      assert.equal(status.get('CapEff'), '0000000000000000');
      assert.equal(status.get('CapPrm'), '0000000000000000');
    });

    for (const path of ['/etc/passwd', '/etc/shadow', join(root, 'package.json')]) {
      test(`an escaped script cannot read ${path}`, () => {
        const read = attempt(`(await Bun.file(${JSON.stringify(path)}).text()).slice(0, 20)`);
        assert.match(String(escapedValue(as(), read)), /^ERR /);
      });
    }

    test("what an escaped script writes into the user's own directory stays in the sandbox", () => {
      const target = join(as().home, 'written-by-guest');
      escapedValue(as(), attempt(`await Bun.write(${JSON.stringify(target)}, "x")`));
      assert.equal(existsSync(target), false);
    });

    test('the time and memory limits hold', () => {
      assert.equal(
        bunker(as(), 'for (;;) {}', ['--timeout-ms', '500']).error?.name,
        'TimeoutError',
      );
      assert.equal(
        bunker(as(), 'const a = []; for (;;) a.push(new Array(1e5).fill(1))', [
          '--memory-limit',
          '16mb',
        ]).error?.code,
        'MEMORY_LIMIT',
      );
    });
  });
}
