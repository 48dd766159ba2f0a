/**
 * The compute comparison: the same setup script (workload/setup.js) in every system, then the
 * same call expressions, timed one eval at a time. Each system supplies only `evaluate`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats.js';

export const SETUP_CODE = readFileSync(
  join(import.meta.dirname, '..', 'workload', 'setup.js'),
  'utf8',
);

export const TASKS = [
  { key: 'fib', label: 'fib(30)', code: 'fib(30)' },
  { key: 'json', label: 'JSON.parse + JSON.stringify, 1 MB', code: 'jsonRoundTrip()' },
  { key: 'regex', label: '6 regexes over a 1 MB log, count matches', code: 'regexCount()' },
] as const;

export type TaskKey = (typeof TASKS)[number]['key'];

/** Untimed runs first (JIT warm-up), then timed ones; the median is the figure. */
const WARMUP = 3;
export const REPEATS = 9;

export interface TaskFigures {
  /** What the call returned: must be the same in every system. */
  value: unknown;
  medianMs: number;
  samplesMs: number[];
}

export interface ComputeFigures {
  /** The setup script's completion value: data sizes and checksum, the same in every system. */
  setup: unknown;
  tasks: Record<TaskKey, TaskFigures>;
}

export async function measureCompute(evaluate: (code: string) => unknown): Promise<ComputeFigures> {
  const setup = await evaluate(SETUP_CODE);
  const tasks = {} as Record<TaskKey, TaskFigures>;
  for (const task of TASKS) {
    let value: unknown;
    for (let i = 0; i < WARMUP; i++) value = await evaluate(task.code);
    const samplesMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const start = performance.now();
      value = await evaluate(task.code);
      samplesMs.push(performance.now() - start);
    }
    tasks[task.key] = { value, medianMs: median(samplesMs), samplesMs };
  }
  return { setup, tasks };
}
