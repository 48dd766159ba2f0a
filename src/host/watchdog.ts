/**
 * Enforcement of one guest's wall-clock deadline, memory, CPU time, the no-processes rule and its
 * CPU priority, by polling /proc. It runs on the host's enforcing thread (enforcer-worker.ts),
 * never on the main one, polled by that thread's one round-robin schedule (poll-loop.ts), and
 * kills the sandbox itself: nothing a guest sends can delay it (see enforcer.ts).
 *
 * Polled every 1 ms while an eval runs (measured overshoot 1-4% of a 64 MiB limit) and every
 * 50 ms between the evals of a Sandbox (timers the script left could still run); a process that
 * has never run an eval is not polled. A poll reads /proc files it holds open, a few µs each:
 * memory and bytes written every time, CPU time and thread count every 10 ms. The process-tree
 * scan (~0.7 ms on a quiet machine, reading every thread's `children` file) comes once a second:
 * the guest's seccomp filter ends it at any attempt to start a process, so the scan is a second
 * line, and at 100 ms it took the whole of a starved thread's CPU (BENCHMARKS.md, soak). With
 * more than eight guests in an eval at once, each is polled proportionally less often
 * (FULL_RATE_GUESTS).
 */
import { availableParallelism } from 'node:os';
import {
  epochNow,
  type EnforcementState,
  type PollRate,
  type ViolationKind,
} from './enforcement-state.js';
import type { Polled, PollLoop } from './poll-loop.js';
import { groupNice, lowerGroupPriority, SANDBOX_NICE } from './priority.js';
import { descendants, ProcessProbe, tmpfsPaths, tmpfsUsed } from './proc.js';

export interface WatchdogTarget {
  /** Outermost sandbox process (what the host spawned). */
  root: number;
  /** The Bun process running the guest. */
  guest: number;
  /** Processes the sandbox itself needs (wrapper chain + guest). */
  expectedProcesses: number;
  /** RSS of the guest when it became ready: the runtime's own baseline. */
  baseline: number;
  memoryLimit: number;
}

const BUSY_MS = 1;
/**
 * Busy guests polled at the full rate above; past this many, each is polled less often, so the
 * thread's whole work stays bounded (~8,000 polls a second). Unbounded, it was not done: in a
 * soak of 50 at once on 2 cores the thread had work for several cores, got ~0.1 of one (the
 * host's whole session weighs like one nice-0 process, the sandboxes' together five times that).
 */
const FULL_RATE_GUESTS = 8;
const IDLE_MS = 50;
const SCAN_EVERY_MS = 1000;
/**
 * CPU time and the thread count (the stat file, the dearest of a poll's three reads) are read
 * at most this often: the kernel counts CPU time in clock ticks of 10 ms anyway. Memory, which
 * a script can grow by megabytes in a millisecond, is read at every poll.
 */
const STAT_EVERY_MS = 10;
/** Bun runs a few threads per core (JIT, GC, its pool): 6 on 2 cores. A script needs none. */
export const MAX_GUEST_THREADS = Math.max(256, 4 * availableParallelism());
/**
 * An idle tenant process (issue 12) between runs: its realm's capabilities are revoked, so only
 * an escaped script's leftovers could still work. Polled slower: a hundred idle tenants polled
 * at the idle rate took a core of the host's enforcing thread.
 */
const RESTING_MS = 250;
const RESTING_SCAN_EVERY_MS = 5000;
/** Written bytes after which the tmpfs file systems are measured again. */
const TMPFS_RECHECK_BYTES = 256 * 1024;

/** Guests in an eval now, across this thread's watchdogs. */
let busyGuests = 0;

export class Watchdog implements Polled {
  dueAt = Infinity;
  private rate: PollRate = 'paused';
  private lastScan = 0;
  private lastStat = 0;
  private stopped = false;
  /** Set once the per-guest setup ran (in the watchdog's first poll, not the thread's inbox). */
  private setUp = false;
  private tmpfs: string[] = [];
  private tmpfsBaseline = 0;
  private writtenAtMeasure = 0;
  private readonly probe: ProcessProbe;
  /** Open on the root's /proc entry: reads fail once it was reaped, whatever reuses its pid. */
  private readonly rootProbe: ProcessProbe;
  /**
   * The highest nice the guest's scheduling group has been seen at: lower later means the script
   * raised it. Not SANDBOX_NICE itself: the kernel refuses an unprivileged writer more than one
   * change per 100 ms machine-wide, so a group may still be on its way down (priority.ts).
   */
  private groupFloor = 0;

  constructor(
    private readonly target: WatchdogTarget,
    private readonly state: EnforcementState,
    private readonly loop: PollLoop,
    private readonly onViolation: () => void,
  ) {
    this.probe = new ProcessProbe(target.guest);
    this.rootProbe = new ProcessProbe(target.root);
    // Set up at the first pass, in turn with the other guests' polls.
    this.dueAt = performance.now();
    loop.add(this);
    state.onRateChange(
      () => this.woken(),
      () => this.stopped,
    );
  }

  /**
   * What the first poll does before anything else: finds the sandbox's tmpfs mounts and their
   * use, and lowers both scheduling groups (each write costs milliseconds of kernel locking).
   */
  private setUpNow(): void {
    this.setUp = true;
    // The scan's period counts from here, across evals: a Sandbox's back-to-back evals must not
    // put it off for ever.
    this.lastScan = performance.now();
    this.tmpfs = tmpfsPaths(this.target.guest);
    this.tmpfsBaseline = tmpfsUsed(this.tmpfs);
    this.writtenAtMeasure = this.probe.written() ?? 0;
    this.lowerGroups();
  }

  /** Lowers both scheduling groups of the sandbox; again at later scans while a write was refused. */
  private lowerGroups(): void {
    lowerGroupPriority(this.target.root);
    lowerGroupPriority(this.target.guest);
    this.groupFloor = Math.max(this.groupFloor, groupNice(this.target.guest) ?? 0);
  }

  /** Woken by the main thread's waiter (a faster rate, or the first): polls by the rate from now. */
  private woken(): void {
    if (this.stopped) return;
    const now = performance.now();
    this.followAsked();
    // Never later than already due: wake-ups must not put a poll off.
    this.dueAt = Math.min(this.dueAt, this.setUp ? now + this.interval() : now);
    this.loop.wake(this.dueAt);
  }

  /**
   * Takes the rate the main thread asks for now. What it follows is stored before the rate is
   * read again, until the two agree: a faster rate asked meanwhile came without a wake-up
   * (enforcement-state.ts, `rate`, says why this order).
   */
  private followAsked(): void {
    for (let asked = this.state.rate; asked !== this.rate; asked = this.state.rate) {
      this.setBusy(asked === 'busy');
      this.rate = asked;
      this.state.followed = asked;
    }
  }

  private interval(): number {
    switch (this.rate) {
      case 'busy':
        return BUSY_MS * crowding();
      case 'idle':
        return IDLE_MS;
      case 'resting':
        return RESTING_MS;
      case 'paused':
        return Infinity;
    }
  }

  private setBusy(busy: boolean): void {
    const was = this.rate === 'busy' && !this.stopped;
    if (busy !== was) busyGuests += busy ? 1 : -1;
  }

  poll(now: number): void {
    if (this.stopped) return;
    if (!this.setUp) this.setUpNow();
    this.followAsked(); // a slower rate comes without a wake-up
    if (this.rate !== 'paused') this.check(now);
    if (!this.stopped) this.dueAt = now + this.interval();
  }

  stop(): void {
    if (this.stopped) return;
    this.setBusy(false);
    this.stopped = true;
    this.dueAt = Infinity;
    this.loop.remove(this);
    this.state.wake(); // its rate waiter ends
    this.probe.close();
    this.rootProbe.close();
  }

  private check(now: number): void {
    const state = this.state;
    if (epochNow() >= state.deadline) return this.violate('timeout', state.deadline);
    const rss = this.probe.rss();
    if (rss === undefined) return; // exited: the process supervisor reports that
    // Files in the sandbox's tmpfs mounts are memory too. Measuring them costs a statfs per
    // mount, so it is done only after the guest wrote another 256 KiB.
    const written = this.probe.written() ?? 0;
    if (written - this.writtenAtMeasure >= TMPFS_RECHECK_BYTES) {
      this.writtenAtMeasure = written;
      state.tmpfsExtra = Math.max(0, tmpfsUsed(this.tmpfs) - this.tmpfsBaseline);
    }
    const baseline = Math.max(this.target.baseline, state.runBaseline);
    const used = Math.max(0, rss - baseline + state.tmpfsExtra);
    if (used > state.peak) state.peak = used;
    if (used > this.target.memoryLimit) return this.violate('memory', used);
    if (now - this.lastStat >= STAT_EVERY_MS) {
      this.lastStat = now;
      const stat = this.probe.readStat();
      if (stat) state.cpuMs = stat.cpuMs;
      if (state.cpuLimitMs !== Infinity && state.cpuMs - state.cpuStartMs > state.cpuLimitMs)
        return this.violate('cpu', state.cpuMs - state.cpuStartMs);
      // Threads are not processes, but each takes a pid of the machine's: a thread bomb could
      // exhaust them for everyone.
      if (stat && stat.threads > MAX_GUEST_THREADS) return this.violate('threads', stat.threads);
    }
    const scanEvery = this.rate === 'resting' ? RESTING_SCAN_EVERY_MS : SCAN_EVERY_MS;
    if (now - this.lastScan >= scanEvery) {
      this.lastScan = now;
      const tree = descendants(this.target.root);
      if (tree.length > this.target.expectedProcesses)
        return this.violate('processes', tree.length - this.target.expectedProcesses);
      const nice = groupNice(this.target.guest);
      if (nice !== undefined && nice < this.groupFloor) return this.violate('priority', nice);
      if (nice !== undefined && nice < SANDBOX_NICE) this.lowerGroups();
    }
  }

  /**
   * Records the violation, reads the CPU time one last time (the run's stats report it after
   * the process is gone) and kills the sandbox from this thread.
   */
  private violate(kind: ViolationKind, measured: number): void {
    const cpu = this.probe.cpuMs();
    if (cpu !== undefined) this.state.cpuMs = cpu;
    if (this.state.recordViolation(kind, measured)) this.kill();
    this.stop();
    this.onViolation();
  }

  /**
   * One SIGKILL to the outer bubblewrap, as GuestProcess.kill does (its --die-with-parent takes
   * the PID namespace down). The pid is signalled only while the main thread has not seen the
   * process exit and the root's own /proc entry still reads: a reaped pid could be reused.
   */
  private kill(): void {
    if (this.state.gone || this.rootProbe.cpuMs() === undefined) return;
    try {
      process.kill(this.target.root, 'SIGKILL');
    } catch {
      // ESRCH: it ended on its own meanwhile
    }
  }
}

/** How much slower than the full rates each busy guest is polled now (1 up to FULL_RATE_GUESTS). */
function crowding(): number {
  return Math.max(1, busyGuests / FULL_RATE_GUESTS);
}
