/** bunker's stated targets, each checked against this run's figures. */
import type { BenchResults } from '../results.js';
import { duration, megabytes, ratio } from './format.js';

export interface TargetCheck {
  measurement: string;
  result: string;
  target: string;
  met: boolean;
}

const FIB_RATIO = 1.5;

export function checkTargets(r: BenchResults): TargetCheck[] {
  const pooledShare = r.runs.pooled.p50 / r.bareSpawn.p50;
  const checks: TargetCheck[] = [
    {
      measurement: "warm-pool `run('1+1')` p50 / bare `bun -e 1` spawn p50 (same run)",
      result: `${duration(r.runs.pooled.p50)} / ${duration(r.bareSpawn.p50)} = ${(pooledShare * 100).toFixed(1)}%`,
      target: '≤ 5%',
      met: pooledShare <= 0.05,
    },
    {
      measurement: `fresh-process runs/s, \`run('1+1')\` (warm pool), ${r.throughputPooled.callers} callers on ${r.machine.cpus} cores`,
      result: `${r.throughputPooled.runsPerSecond.toFixed(1)} runs/s`,
      target: '≥ 100 runs/s',
      met: r.throughputPooled.runsPerSecond >= 100,
    },
    {
      measurement: `idle pooled Bun process, VmRSS, median of ${r.idleMemory.guests}`,
      result: megabytes(r.idleMemory.rss),
      target: '≤ 30 MB',
      met: r.idleMemory.rss <= 30e6,
    },
    {
      measurement: "`Sandbox#eval('1+1')` p50",
      result: duration(r.sandbox.eval.p50),
      target: '≤ 100 µs',
      met: r.sandbox.eval.p50 <= 0.1,
    },
    {
      measurement: `timeout overshoot past timeoutMs, max of 10`,
      result: duration(r.timeoutOvershoot.max),
      target: '≤ 50 ms',
      met: r.timeoutOvershoot.max <= 50,
    },
  ];
  if (r.peers.host.ok) {
    const host = r.peers.host.figures.compute.tasks.fib.medianMs;
    const guest = r.sandbox.compute.tasks.fib.medianMs;
    checks.push({
      measurement: 'fib(30): bunker / host process',
      result: ratio(guest, host),
      target: `≤ ${FIB_RATIO}×`,
      met: guest / host <= FIB_RATIO,
    });
  }
  return checks;
}
