/** What the figures were measured on, and the machine-wide CPU time spent while measuring. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  bun: string;
  bubblewrap: string;
  sandboxRuntime: string;
  /** 1, 5 and 15 minute load averages when the benchmark started: other work skews figures. */
  loadAverage: number[];
}

const firstLine = (argv: string[]) =>
  (spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' }).stdout ?? '').split('\n')[0]!.trim();

export function describeMachine(bunPath: string): Machine {
  const require = createRequire(import.meta.url);
  const srt = require.resolve('@anthropic-ai/sandbox-runtime/package.json');
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: `${process.platform} ${release()}`,
    node: process.version,
    bun: firstLine([bunPath, '--version']),
    bubblewrap: firstLine(['bwrap', '--version']),
    sandboxRuntime: (JSON.parse(readFileSync(srt, 'utf8')) as { version: string }).version,
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture Node supports. */
const TICKS_PER_SECOND = 100;

/** CPU seconds all cores have spent busy (not idle, not waiting for I/O) since boot. */
export function machineBusySeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}
