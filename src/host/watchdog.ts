/**
 * Host-side enforcement of memory, CPU time and the no-processes rule for one guest, by polling
 * /proc. Polls every 1 ms while an eval runs (measured overshoot 1-4% of a 64 MiB limit) and
 * every 50 ms between the evals of a Sandbox (timers the script left could still run); a process
 * that has never run an eval is not polled; the process tree is rescanned every 100 ms (a scan reads the stat file of each newer pid, ~0.3 ms).
 */
import { availableParallelism } from 'node:os';
import { descendants, ProcessProbe, tmpfsPaths, tmpfsUsed } from './proc.js';

export type Violation = 'memory' | 'cpu' | 'processes';

export interface WatchdogTarget {
  /** Outermost sandbox process (what the host spawned). */
  root: number;
  /** The Bun process running the guest. */
  guest: number;
  /** Processes the sandbox itself needs (wrapper chain + guest). */
  expectedProcesses: number;
}

const BUSY_MS = 1;
const IDLE_MS = 50;
const SCAN_EVERY_MS = 100;
/** Bun runs a few threads per core (JIT, GC, its pool): 6 on 2 cores. A script needs none. */
const MAX_GUEST_THREADS = Math.max(256, 4 * availableParallelism());
/** Between evals the process-tree scan runs less often: it costs 1-6 ms on a busy host. */
const IDLE_SCAN_EVERY_MS = 1000;
/** Written bytes after which the tmpfs file systems are measured again. */
const TMPFS_RECHECK_BYTES = 256 * 1024;

export class Watchdog {
  /** RSS of the guest when it became ready: the runtime's own baseline. */
  readonly baseline: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private cpuLimitMs = Infinity;
  private cpuStartMs = 0;
  private peak = 0;
  private lastScan = 0;
  private stopped = false;
  private cpuAtRest: number | undefined;
  private busy = false;
  private readonly tmpfs: string[];
  private readonly tmpfsBaseline: number;
  private tmpfsExtra = 0;
  private writtenAtMeasure = 0;
  private readonly probe: ProcessProbe;

  constructor(
    private readonly target: WatchdogTarget,
    private readonly memoryLimit: number,
    private readonly onViolation: (violation: Violation, detail: string) => void,
  ) {
    this.probe = new ProcessProbe(target.guest);
    this.baseline = this.probe.rss() ?? 0;
    this.tmpfs = tmpfsPaths(target.guest);
    this.tmpfsBaseline = tmpfsUsed(this.tmpfs);
    this.writtenAtMeasure = this.probe.written() ?? 0;
  }

  /** Highest memory use above baseline seen in the current eval. */
  get peakSoFar(): number {
    return this.peak;
  }

  /** Starts per-eval accounting: CPU budget from now, peak memory from zero. */
  beginEval(cpuLimitMs: number): void {
    this.cpuLimitMs = cpuLimitMs;
    // Between evals the guest is idle (its timers were drained), so the CPU reading taken when the
    // last eval ended stands for "now" and saves a /proc read on the hot path.
    this.cpuStartMs = this.cpuAtRest ?? this.probe.cpuMs() ?? 0;
    this.busy = true;
    // The first scan comes a full period in: a scan blocks the host for 1-6 ms, which short
    // evals (most of them) should never wait for.
    this.lastScan = performance.now();
    this.peak = 0;
    this.schedule(BUSY_MS);
  }

  /** Ends per-eval accounting and returns what the eval used. */
  endEval(): { cpuMs: number; peakMemoryBytes: number } {
    const rss = this.probe.rss();
    if (rss !== undefined) this.peak = Math.max(this.peak, rss - this.baseline + this.tmpfsExtra);
    const cpu = this.probe.cpuMs();
    const used = Math.max(0, (cpu ?? this.cpuStartMs) - this.cpuStartMs);
    this.cpuAtRest = cpu;
    this.busy = false;
    // The same budget keeps holding between evals: a drained guest uses no CPU, so anything that
    // does (work an escaped script scheduled past its eval) is stopped like an eval would be.
    this.cpuStartMs = cpu ?? this.cpuStartMs;
    this.schedule(IDLE_MS);
    return { cpuMs: used, peakMemoryBytes: this.peak };
  }

  /** Stops polling until the next eval (for a process that has run nothing of a user's). */
  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    if (!this.stopped) this.probe.close();
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private schedule(intervalMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  private check(): void {
    if (this.stopped) return;
    const rss = this.probe.rss();
    if (rss === undefined) return; // exited: the process supervisor reports that
    // Files in the sandbox's tmpfs mounts are memory too. Measuring them costs a statfs per
    // mount, so it is done only after the guest wrote another 256 KiB.
    const written = this.probe.written() ?? 0;
    if (written - this.writtenAtMeasure >= TMPFS_RECHECK_BYTES) {
      this.writtenAtMeasure = written;
      this.tmpfsExtra = Math.max(0, tmpfsUsed(this.tmpfs) - this.tmpfsBaseline);
    }
    const used = Math.max(0, rss - this.baseline + this.tmpfsExtra);
    if (used > this.peak) this.peak = used;
    if (used > this.memoryLimit) {
      return this.violate(
        'memory',
        `used ${used} bytes beyond the runtime baseline, limit ${this.memoryLimit}`,
      );
    }
    if (this.cpuLimitMs !== Infinity) {
      const cpu = (this.probe.cpuMs() ?? 0) - this.cpuStartMs;
      if (cpu > this.cpuLimitMs)
        return this.violate('cpu', `used ${cpu} ms of CPU time, limit ${this.cpuLimitMs} ms`);
    }
    const now = performance.now();
    const scanEvery = this.busy ? SCAN_EVERY_MS : IDLE_SCAN_EVERY_MS;
    if (now - this.lastScan >= scanEvery) {
      this.lastScan = now;
      const tree = descendants(this.target.root);
      if (tree.length > this.target.expectedProcesses) {
        return this.violate(
          'processes',
          `the script started ${tree.length - this.target.expectedProcesses} process(es)`,
        );
      }
      // Threads are not processes, but each takes a pid of the machine's: a thread bomb could
      // exhaust them for everyone.
      const threads = tree.find((p) => p.pid === this.target.guest)?.threads ?? 0;
      if (threads > MAX_GUEST_THREADS)
        this.violate('processes', `the guest runs ${threads} threads, limit ${MAX_GUEST_THREADS}`);
    }
  }

  private violate(violation: Violation, detail: string): void {
    this.stop();
    this.onViolation(violation, detail);
  }
}
