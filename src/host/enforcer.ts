/**
 * The main thread's side of limit enforcement: one Enforcer per guest, and one enforcing thread
 * (a worker_threads Worker, enforcer-worker.ts) per host process that polls /proc and kills.
 *
 * Why a thread: the main thread decodes whatever guests send, and decoding a large legitimate
 * result takes time (measured here: JSON.parse of a 32 MiB frame holding an array of 16 million
 * zeros took 1.6 s, and one of 16 million nested arrays 7.6 s and ~1 GB before frame-scan.ts
 * refused such nesting up front). While the main thread is busy, its own timers cannot fire; the
 * enforcing thread's can, so no guest's deadline, CPU budget, memory limit or process rule waits
 * for any guest's frames, its own included. The main thread keeps its deadline timer as a second
 * line and learns of a kill through shared memory (enforcement-state.ts), which it reads before
 * it takes any frame or exit: the reason the thread recorded wins over what arrives after.
 */
import { Worker } from 'node:worker_threads';
import { epochNow, EnforcementState } from './enforcement-state.js';
import type { EnforcerReady, EnforcerReport, EnforcerRequest } from './enforcer-worker.js';
import { entrySource } from './entry-source.js';
import { SANDBOX_NICE } from './priority.js';
import { ProcessProbe } from './proc.js';
import { MAX_GUEST_THREADS, type WatchdogTarget } from './watchdog.js';

export type Violation = 'memory' | 'cpu' | 'processes' | 'timeout';

export interface EnforcerTarget {
  root: number;
  guest: number;
  expectedProcesses: number;
}

interface Thread {
  /** Set once its code is ready (bundling it takes a moment in source form). */
  worker: Worker | undefined;
  ready: Promise<void>;
  enforcers: Map<number, Enforcer>;
  /** How the thread is scheduled (enforcer-realtime.ts), once it is ready. */
  scheduling?: { realtime: boolean; why?: string };
}

let thread: Thread | undefined;
let nextKey = 1;

function startThread(): Thread {
  const enforcers = new Map<number, Enforcer>();
  const started: Thread = { worker: undefined, ready: Promise.resolve(), enforcers };
  // Fail closed: without the thread nothing is enforced, so every guest it watched ends.
  const failed = (why: string) => {
    if (thread === started) thread = undefined;
    for (const enforcer of enforcers.values()) enforcer.threadFailed(why);
    enforcers.clear();
  };
  started.ready = entrySource('./enforcer-worker').then(
    (source) =>
      new Promise<void>((resolve, reject) => {
        // No flags of the host's: `--input-type=module` would make the bundled script ESM.
        const worker = new Worker(source.code, { eval: source.eval, execArgv: [] });
        started.worker = worker;
        worker.once('error', reject);
        worker.on('message', (message: EnforcerReport | EnforcerReady) => {
          if ('ready' in message) {
            const why = message.notRealtime;
            started.scheduling = why === undefined ? { realtime: true } : { realtime: false, why };
            return resolve();
          }
          enforcers.get(message.key)?.reportViolation();
        });
        worker.on('error', (error) => failed(String(error)));
        worker.on('exit', (code) => failed(`it exited with code ${code}`));
      }),
  );
  // Once it runs, the thread must not keep the host alive: a run's own deadline timer does
  // while it runs. (Not before its listeners: a 'message' listener refs it again.)
  started.ready = started.ready.then(() => started.worker!.unref());
  started.ready.catch(() => {
    if (thread === started) thread = undefined;
  });
  return started;
}

/** Starts the enforcing thread if it is not running; resolves once it takes guests. */
export function enforcingThreadReady(): Promise<void> {
  thread ??= startThread();
  return thread.ready;
}

/**
 * How the running enforcing thread is scheduled: real-time, or why not. Undefined before the
 * thread is ready.
 */
export function enforcingThreadScheduling(): { realtime: boolean; why?: string } | undefined {
  return thread?.scheduling;
}

export class Enforcer {
  /** RSS of the guest when it became ready: the runtime's own baseline. */
  readonly baseline: number;
  private readonly key = nextKey++;
  private readonly state = new EnforcementState();
  private readonly probe: ProcessProbe;
  private readonly thread: Thread;
  private cpuAtRest: number | undefined;
  private usedAtEnd = 0;
  /**
   * Set for a tenant's run: after it the process rests in the tenant's idle list (its realm
   * revoked), polled at the resting rate, not as a Sandbox between evals.
   */
  restAfterEval = false;
  /** Resident memory above {@link baseline} when the last eval ended. */
  restingBytes = 0;
  private timeoutMs = 0;
  private stopped = false;

  /**
   * `onViolation` runs on the main thread after the enforcing thread killed the sandbox; the
   * detail is also available earlier through {@link violation}.
   */
  constructor(
    target: EnforcerTarget,
    private readonly memoryLimit: number,
    private readonly onViolation: (violation: Violation, detail: string) => void,
    private readonly onThreadFailed: (detail: string) => void,
  ) {
    // GuestProcess.start awaited enforcingThreadReady(): a ready guest has a running thread.
    if (!thread?.worker) throw new Error('the enforcing thread is not running');
    this.thread = thread;
    this.probe = new ProcessProbe(target.guest);
    this.baseline = this.probe.rss() ?? 0;
    this.state.cpuMs = this.probe.cpuMs() ?? 0;
    this.thread.enforcers.set(this.key, this);
    const watched: WatchdogTarget = { ...target, baseline: this.baseline, memoryLimit };
    this.post({ op: 'watch', key: this.key, target: watched, buffer: this.state.buffer });
  }

  /** Highest memory use above baseline seen in the current eval. */
  get peakSoFar(): number {
    return this.state.peak;
  }

  /** Memory use above baseline when the last eval ended (what it left behind, garbage included). */
  get usedAtRest(): number {
    return this.usedAtEnd;
  }

  /**
   * Another run of a tenant starts in this process: its memory and CPU time count from now, not
   * from the process's start (what earlier runs left behind is theirs; retirement bounds it).
   */
  beginRun(): void {
    this.state.runBaseline = this.probe.rss() ?? 0;
    this.cpuAtRest = undefined;
  }

  /**
   * Starts per-eval accounting: deadline and CPU budget from now, peak memory from zero. The
   * deadline is `deadlineMs` from now: timeoutMs, plus the start allowance where the script's
   * clock starts in the guest (script-clock.ts); its violation names timeoutMs.
   */
  beginEval(timeoutMs: number, cpuLimitMs: number, deadlineMs: number): void {
    this.timeoutMs = timeoutMs;
    // Between evals the guest is idle (its timers were drained), so the CPU reading taken when the
    // last eval ended stands for "now" and saves a /proc read on the hot path.
    this.state.cpuStartMs = this.cpuAtRest ?? this.probe.cpuMs() ?? 0;
    this.state.cpuLimitMs = cpuLimitMs;
    this.state.peak = 0;
    this.state.deadline = epochNow() + deadlineMs;
    this.state.rate = 'busy';
  }

  /**
   * Ends per-eval accounting and returns what the eval used, and when it ended (ms since the
   * epoch): when the enforcing thread killed it, if it did, not when the main thread got to it.
   */
  endEval(): { cpuMs: number; peakMemoryBytes: number; endedAt: number } {
    this.state.deadline = Infinity;
    const rss = this.stopped ? undefined : this.probe.rss();
    const from = Math.max(this.baseline, this.state.runBaseline);
    if (rss !== undefined) {
      this.usedAtEnd = rss - this.baseline + this.state.tmpfsExtra;
      this.state.peak = Math.max(this.state.peak, rss - from + this.state.tmpfsExtra);
      this.restingBytes = rss - this.baseline;
    }
    // CPU time only grows: the larger of this reading and the enforcing thread's last one. A
    // guest that was killed no longer reads at all, and then the thread's (taken as it killed)
    // stands.
    const cpu = Math.max((this.stopped ? undefined : this.probe.cpuMs()) ?? 0, this.state.cpuMs);
    const used = Math.max(0, cpu - this.state.cpuStartMs);
    this.cpuAtRest = cpu;
    // The same budget keeps holding between evals: a drained guest uses no CPU, so anything that
    // does (work an escaped script scheduled past its eval) is stopped like an eval would be.
    this.state.cpuStartMs = cpu;
    this.state.rate = this.restAfterEval ? 'resting' : 'idle';
    // Killed for memory (between evals too, before this eval's first poll): what was measured.
    const violation = this.state.violation;
    if (violation?.kind === 'memory')
      this.state.peak = Math.max(this.state.peak, violation.measured);
    const endedAt = violation?.at ?? epochNow();
    return { cpuMs: used, peakMemoryBytes: this.state.peak, endedAt };
  }

  /** Polls slowly until the next eval: an idle tenant process, its realm revoked. */
  rest(): void {
    this.state.rate = 'resting';
  }

  /** Stops polling until the next eval (for a process that has run nothing of a user's). */
  pause(): void {
    this.state.rate = 'paused';
  }

  /** The violation the enforcing thread recorded (and killed the sandbox for), if any. */
  violation(): { kind: Violation; detail: string } | undefined {
    const recorded = this.state.violation;
    if (!recorded) return undefined;
    const { kind, measured } = recorded;
    switch (kind) {
      case 'memory':
        return {
          kind,
          detail: `used ${measured} bytes beyond the runtime baseline, limit ${this.memoryLimit}`,
        };
      case 'cpu':
        return {
          kind,
          detail: `used ${measured} ms of CPU time, limit ${this.state.cpuLimitMs} ms`,
        };
      case 'processes':
        return { kind, detail: `the script started ${measured} process(es)` };
      case 'threads':
        return {
          kind: 'processes',
          detail: `the guest runs ${measured} threads, limit ${MAX_GUEST_THREADS}`,
        };
      case 'priority':
        return {
          kind: 'processes',
          detail: `the script raised its scheduling group to nice ${measured} (sandboxes run at ${SANDBOX_NICE})`,
        };
      case 'timeout':
        return {
          kind,
          detail: `the script ran longer than timeoutMs (${this.timeoutMs} ms)`,
        };
    }
  }

  /** The process exited (and was reaped): its pid must not be signalled any more. */
  processGone(): void {
    this.state.markGone();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.probe.close();
    this.thread.enforcers.delete(this.key);
    this.post({ op: 'stop', key: this.key });
  }

  /** @internal called by the thread's message handler */
  reportViolation(): void {
    const violation = this.violation();
    if (violation) this.onViolation(violation.kind, violation.detail);
  }

  /** @internal */
  threadFailed(why: string): void {
    this.onThreadFailed(`the host thread that enforces limits stopped (${why})`);
  }

  private post(request: EnforcerRequest): void {
    this.thread.worker!.postMessage(request);
  }
}
