/**
 * Assumes the script has already escaped the JS realm and holds Bun's full API (the test-only
 * escaped guest hands it over: the realm itself holds). The OS sandbox and the host's limits must
 * still hold.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { run, Sandbox } from '../../src/index.js';
import { confinementProblem } from '../../src/host/proc.js';
import { useEscapedGuest } from '../support/escaped-guest.js';

useEscapedGuest();

const repoRoot = resolve(import.meta.dirname, '../..');

async function escaped(body: string, options: Parameters<typeof run>[1] = {}): Promise<unknown> {
  return (await run(body, { timeoutMs: 10_000, ...options })).value;
}

/** An expression: the value of `expression`, or "ERR <code>" when it throws. */
const attempt = (expression: string) =>
  `await (async () => { try { return (${expression}) } catch (e) { return "ERR " + (e.code ?? e.name) } })()`;

/** Reads a file from inside; the first bytes, or "ERR <code>". */
const readAttempt = (path: string) =>
  attempt(`(await Bun.file(${JSON.stringify(path)}).text()).slice(0, 40)`);

describe('after a realm escape', () => {
  const temp = mkdtempSync(join(tmpdir(), 'bunker-escape-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  test('the escape really reaches Bun (so the tests below are meaningful)', async () => {
    assert.equal(await escaped('typeof Bun.spawn'), 'function');
  });

  for (const path of [
    '/etc/passwd',
    '/etc/hostname',
    '/root/.bashrc',
    '/proc/1/environ',
    join(repoRoot, 'package.json'),
  ]) {
    test(`cannot read host file ${path}`, async () => {
      const result = await escaped(readAttempt(path));
      assert.match(String(result), /^ERR /);
    });
  }

  test('sees none of the host environment', async () => {
    process.env.BUNKER_TEST_SECRET = 's3cret';
    try {
      const env = (await escaped('Object.keys(Bun.env).sort()')) as string[];
      assert.deepEqual(env, ['HOME', 'LANG', 'NO_COLOR', 'TZ']);
      assert.equal(await escaped('Bun.env.BUNKER_TEST_SECRET ?? "absent"'), 'absent');
    } finally {
      delete process.env.BUNKER_TEST_SECRET;
    }
  });

  test('cannot write into the host filesystem', async () => {
    // The runtime's own files are visible, read-only.
    const visible = join(repoRoot, 'src', 'written-by-guest');
    assert.match(
      String(await escaped(attempt(`await Bun.write(${JSON.stringify(visible)}, "x"), "wrote"`))),
      /^ERR /,
    );
    assert.equal(existsSync(visible), false);
    // The guest's /tmp is its own: a write there never reaches the host's.
    const hidden = join(temp, 'written-by-guest');
    await escaped(attempt(`await Bun.write(${JSON.stringify(hidden)}, "x"), "wrote"`));
    assert.equal(existsSync(hidden), false);
  });

  test('what it writes to its own /tmp does not survive into the next run', async () => {
    assert.equal(await escaped('await Bun.write("/tmp/persist", "x"); "ok"'), 'ok');
    assert.match(String(await escaped(readAttempt('/tmp/persist'))), /^ERR /);
  });

  for (const dir of ['/tmp', '/etc', '/dev/shm']) {
    test(`filling the sandbox's own ${dir} counts against memoryLimit`, async () => {
      const code = `const chunk = "x".repeat(1 << 20); for (let i = 0; ; i++) await Bun.write("${dir}/fill" + i, chunk)`;
      await assert.rejects(run(code, { memoryLimit: '32mb', timeoutMs: 20_000 }), {
        name: 'MemoryLimitError',
        code: 'MEMORY_LIMIT',
      });
    });
  }

  test('has no network, not even loopback to a host server', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await escaped(
        attempt(
          `await Bun.connect({ hostname: "127.0.0.1", port: ${port}, socket: { data() {} } }), "connected"`,
        ),
      );
      assert.match(String(result), /^ERR /);
      const viaFetch = await escaped(
        attempt(`await Bun.fetch("http://127.0.0.1:${port}/"), "fetched"`),
      );
      assert.match(String(viaFetch), /^ERR /);
      assert.equal(connections, 0);
    } finally {
      server.close();
    }
  });

  test('cannot see or signal host processes', async () => {
    const pids = (await escaped(
      '[...new Bun.Glob("[0-9]*").scanSync({ cwd: "/proc", onlyFiles: false })].map(Number).sort((a, b) => a - b)',
    )) as number[];
    assert.ok(!pids.includes(process.pid), `host pid ${process.pid} visible in ${pids.join(',')}`);
    assert.ok(pids.length < 10, `sees ${pids.length} processes`);
  });

  test('a forged result frame for another eval id ends this run, and speaks for no other', async () => {
    const code = `const fs = { w: (s) => Bun.write(Bun.file(3), s) };
      await fs.w('{"v":1,"type":"result","id":999999,"value":"forged"}\\n'); "real"`;
    await assert.rejects(run(code), {
      name: 'SandboxError',
      code: 'PROTOCOL_ERROR',
      message: 'the guest sent a result frame for id 999999, which is not the eval in flight (1)',
    });
  });

  test('garbage on fd 3 is a protocol error, not a host crash', async () => {
    await assert.rejects(
      run(`await Bun.write(Bun.file(3), "not json\\n"); await new Promise(() => {})`),
      {
        name: 'SandboxError',
        code: 'PROTOCOL_ERROR',
      },
    );
  });

  test('an endless line on fd 3 is cut off, not buffered', async () => {
    const code = `const chunk = "x".repeat(1 << 20); const w = Bun.file(3).writer(); for (let i = 0; i < 64; i++) w.write(chunk); await w.flush(); await new Promise(() => {})`;
    await assert.rejects(run(code, { memoryLimit: '256mb' }), {
      name: 'SandboxError',
      code: 'PROTOCOL_ERROR',
    });
  });

  test('floods on raw stdout and stderr are drained and dropped', async () => {
    const code = `const big = "y".repeat(1 << 20); for (let i = 0; i < 50; i++) { await Bun.write(Bun.stdout, big); await Bun.write(Bun.stderr, big) } "survived"`;
    const result = await run(code, { timeoutMs: 20_000 });
    assert.equal(result.value, 'survived');
    assert.equal(result.console, '');
  });

  test('allowRead exposes exactly the granted directory, read-only', async () => {
    writeFileSync(join(temp, 'data.txt'), 'granted');
    const read = await escaped(readAttempt(join(temp, 'data.txt')), { allowRead: [temp] });
    assert.equal(read, 'granted');
    const write = await escaped(
      attempt(`await Bun.write(${JSON.stringify(join(temp, 'new.txt'))}, "x"), "wrote"`),
      {
        allowRead: [temp],
      },
    );
    assert.match(String(write), /^ERR /);
  });

  test("runs with no capabilities and two seccomp filters (sandbox-runtime's and its own)", async () => {
    const status = String(await escaped('await Bun.file("/proc/self/status").text()'));
    const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status)?.[1];
    assert.deepEqual(
      ['CapEff', 'CapPrm', 'CapBnd', 'NoNewPrivs', 'Seccomp', 'Seccomp_filters'].map(field),
      ['0000000000000000', '0000000000000000', '0000000000000000', '1', '2', '2'],
    );
  });

  test('the host would refuse a guest without them', () => {
    // The test runner itself is such a process: unfiltered.
    assert.match(
      confinementProblem(process.pid) ?? '',
      /^its seccomp filters are not in place \(Seccomp 0, filters 0\)$/,
    );
  });

  test('cannot plant a setuid or capability-bearing file in an allowWrite directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bunker-setuid-'));
    try {
      const file = join(dir, 'planted');
      const body = `const { dlopen, ptr } = Bun.FFI;
        const c = (s) => ptr(new TextEncoder().encode(s + '\\0'));
        const libc = dlopen('libc.so.6', {
          chmod: { args: ['ptr', 'u32'], returns: 'i32' },
          setxattr: { args: ['ptr', 'ptr', 'ptr', 'u64', 'i32'], returns: 'i32' },
        });
        await Bun.write(${JSON.stringify(file)}, 'x');
        const cap = new Uint8Array(20); new DataView(cap.buffer).setUint32(0, 0x02000001, true); cap[4] = 1 << 7;
        [libc.symbols.chmod(c(${JSON.stringify(file)}), 0o6755), libc.symbols.setxattr(c(${JSON.stringify(file)}), c('security.capability'), ptr(cap), 20, 0)]`;
      assert.deepEqual(await escaped(body, { allowWrite: [dir] }), [-1, -1]);
      const mode = statSync(file).mode;
      assert.equal(mode & 0o6000, 0, `mode ${mode.toString(8)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('allowWrite lets the guest write into the granted directory', async () => {
    const target = join(temp, 'out.txt');
    assert.equal(
      await escaped(`await Bun.write(${JSON.stringify(target)}, "from guest"); "ok"`, {
        allowWrite: [temp],
      }),
      'ok',
    );
    assert.equal(readFileSync(target, 'utf8'), 'from guest');
  });

  test("work scheduled past the eval with the host realm's timers is still bounded", async () => {
    const sandbox = await Sandbox.create({ cpuTimeMs: 300, timeoutMs: 5000 });
    try {
      const code = 'BunRealm.setTimeout(() => { for (;;) {} }, 20); "returned"';
      assert.equal((await sandbox.eval(code)).value, 'returned');
      await new Promise((r) => setTimeout(r, 1500));
      // The loop's 300 ms of CPU are usually spent by now and the process ended (the next eval
      // is refused); on a loaded machine they may not be, and the next eval is what is ended.
      await assert.rejects(sandbox.eval('1'), (error: Error & { code?: string }) => {
        const closed = error.name === 'SandboxError' && error.code === 'SANDBOX_CLOSED';
        const ended = error.name === 'TimeoutError' && error.code === 'CPU_TIMEOUT';
        assert.ok(closed || ended, `${error.name} ${error.code}`);
        assert.match(error.message, /cpuTimeMs/);
        return true;
      });
    } finally {
      await sandbox.dispose();
    }
  });

  test('a process killed from outside ends as SandboxError and the host carries on', async () => {
    // A stack limit nobody else uses marks this sandbox's Bun process in its environment.
    const marker = 'BUN_JSC_maxPerThreadStackUsage=3145728';
    const sandbox = await Sandbox.create({ stackLimit: '3mb', pool: false });
    try {
      const pending = sandbox.eval(`await new Promise(() => {})`);
      const guestPid = readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .find((pid) => {
          try {
            return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
          } catch {
            return false;
          }
        });
      assert.ok(guestPid, 'the sandbox guest process was not found');
      process.kill(Number(guestPid), 'SIGKILL');
      await assert.rejects(pending, { name: 'SandboxError', code: 'SANDBOX_CRASHED' });
      assert.equal((await run('1 + 1')).value, 2);
    } finally {
      await sandbox.dispose();
    }
  });
});
