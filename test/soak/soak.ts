/**
 * Soak: many runs mixing every outcome through one pool, then checks that nothing is left:
 * no guest process, no extra file descriptor or mount in the host, no temp file, host memory
 * flat. Not part of `npm test` (minutes long); run with `npm run soak [-- RUNS CONCURRENCY]`.
 * Bounded: it stops after RUNS runs (default 10000).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Pool } from '../../src/index.js';

const runs = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 8);

const scripts: [string, object][] = [
  ['1 + 1', {}],
  ['console.log("x"); [1, 2, 3].map((n) => n * 2)', {}],
  ['throw new TypeError("boom")', {}],
  ['let = ;', {}],
  ['for (;;) {}', { timeoutMs: 100 }],
  ['const a = []; for (;;) a.push(new Array(1e5).fill(1))', { memoryLimit: '16mb' }],
  ['await new Promise((r) => setTimeout(r, 5)); "timer"', {}],
  [
    'URL.constructor.constructor("return Bun")().spawn(["/usr/bin/true"]); await new Promise(() => {})',
    { timeoutMs: 2000 },
  ],
];

const guests = () => {
  try {
    return execFileSync('pgrep', ['-f', 'bun.exe --no-install'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
};
const snapshot = () => ({
  fds: readdirSync('/proc/self/fd').length,
  mounts: readFileSync('/proc/self/mountinfo', 'utf8').split('\n').length,
  tempFiles: readdirSync(tmpdir()).length,
  rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
});
const collect = () => (globalThis as { gc?: () => void }).gc?.();

const pool = new Pool({ maxConcurrent: concurrency });
await pool.run('1'); // module state (cached wrapper, lazily opened files) before the baseline
collect();
const before = snapshot();
const started = performance.now();
const outcomes = new Map<string, number>();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < runs) {
      const index = next++;
      const [code, options] = scripts[index % scripts.length]!;
      const name = await pool.run(code, options).then(
        () => 'ok',
        (error: Error & { code?: string }) => `${error.name}/${error.code ?? ''}`,
      );
      outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
      if (next % 1000 === 0)
        console.log(
          `${next} runs, ${(next / ((performance.now() - started) / 1000)).toFixed(1)}/s, host RSS ${snapshot().rssMiB} MiB`,
        );
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await pool.dispose();
for (let i = 0; i < 100 && guests() > 0; i++) await new Promise((r) => setTimeout(r, 100));
collect();
const after = snapshot();
console.log(
  JSON.stringify(
    {
      runs,
      concurrency,
      seconds: Math.round(seconds),
      perSecond: +(runs / seconds).toFixed(1),
      outcomes: Object.fromEntries(outcomes),
      before,
      after,
      guestsLeft: guests(),
    },
    null,
    2,
  ),
);
assert.equal(guests(), 0, 'guest processes left');
assert.ok(after.fds <= before.fds, `fds ${before.fds} -> ${after.fds}`);
assert.equal(after.mounts, before.mounts, 'mounts changed');
assert.ok(
  after.tempFiles <= before.tempFiles,
  `temp files ${before.tempFiles} -> ${after.tempFiles}`,
);
console.log('soak: passed');
