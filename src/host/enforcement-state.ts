/**
 * What the host's main thread and its enforcing thread (enforcer-worker.ts) share about one
 * guest, in shared memory rather than messages: the main thread may be busy for a while (decoding
 * a large result), and neither side may wait for the other to learn a deadline or a violation.
 *
 * The enforcing thread writes the measurements and, once, the violation (compare-and-swap: the
 * first one wins); the main thread writes the eval's deadline and CPU budget and reads the rest.
 */

/** Why the enforcing thread killed a guest; 0 in the slot means it has not. */
export const VIOLATION_KINDS = [
  'memory',
  'cpu',
  'processes',
  'threads',
  'priority',
  'timeout',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** How often the enforcing thread polls a guest; 0 in the slot (paused) until its first eval. */
export const POLL_RATES = ['paused', 'busy', 'idle', 'resting'] as const;
export type PollRate = (typeof POLL_RATES)[number];

/** How soon each rate polls, by its index in POLL_RATES: higher is sooner. */
const FASTER = [0, 3, 2, 1];
const RATE_SLOT = 2;
const FOLLOWED_SLOT = 3;
/** Even: the floats after them must start on a multiple of 8 bytes. */
const INT_SLOTS = 4;
const FLOAT_SLOTS = 9;
const BYTES = INT_SLOTS * 4 + FLOAT_SLOTS * 8;

export class EnforcementState {
  readonly buffer: SharedArrayBuffer;
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;

  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(BYTES);
    this.ints = new Int32Array(this.buffer, 0, INT_SLOTS);
    this.floats = new Float64Array(this.buffer, INT_SLOTS * 4, FLOAT_SLOTS);
    if (!buffer) {
      this.deadline = Infinity;
      this.cpuLimitMs = Infinity;
    }
  }

  /** Records the violation unless one was recorded before; true when this one is the first. */
  recordViolation(kind: ViolationKind, measured: number): boolean {
    this.floats[0] = measured; // published by the compare-and-swap below
    this.floats[7] = epochNow();
    return Atomics.compareExchange(this.ints, 0, 0, VIOLATION_KINDS.indexOf(kind) + 1) === 0;
  }

  get violation(): { kind: ViolationKind; measured: number; at: number } | undefined {
    const code = Atomics.load(this.ints, 0);
    if (code === 0) return undefined;
    return { kind: VIOLATION_KINDS[code - 1]!, measured: this.floats[0]!, at: this.floats[7]! };
  }

  /** Set by the main thread once the process was reaped: its pid may name another process. */
  get gone(): boolean {
    return Atomics.load(this.ints, 1) === 1;
  }
  markGone(): void {
    Atomics.store(this.ints, 1, 1);
  }

  /**
   * The poll rate the main thread asks for. It changes twice per eval, and a wake-up of the
   * enforcing thread is the dearest part of an eval's bookkeeping on a 2-core machine (a message
   * to it cost ~15-70 µs, a notify of its waiter ~55 µs of this thread's CPU; the thread runs
   * real-time and preempts whatever runs where it wakes). So a wake-up goes only with a rate
   * faster than the one the watchdog follows ({@link followed}): a slower one it reads at its
   * next poll, and between back-to-back evals it mostly still follows `busy` when the next one
   * asks for it.
   *
   * The two threads meet as in Dekker's algorithm: this one stores the rate, then loads what is
   * followed; the watchdog stores what it follows, then loads the rate again (Watchdog.poll).
   * Atomics are sequentially consistent, so at least one of them sees the other's store: either
   * the wake-up is sent or the watchdog keeps to the faster rate by itself.
   */
  get rate(): PollRate {
    return POLL_RATES[Atomics.load(this.ints, RATE_SLOT)]!;
  }
  set rate(rate: PollRate) {
    const code = POLL_RATES.indexOf(rate);
    // After the deadline and budget it goes with: the store publishes them.
    Atomics.store(this.ints, RATE_SLOT, code);
    if (FASTER[code]! > FASTER[Atomics.load(this.ints, FOLLOWED_SLOT)]!)
      Atomics.notify(this.ints, RATE_SLOT);
  }

  /** The rate the watchdog polls by now; written by the enforcing thread only, read by `rate`. */
  set followed(rate: PollRate) {
    Atomics.store(this.ints, FOLLOWED_SLOT, POLL_RATES.indexOf(rate));
  }

  /**
   * Calls `changed` with the rate now and after every change, on the calling thread's event loop,
   * until `stopped()` says so (checked at each wake-up; {@link wake} forces one).
   */
  onRateChange(changed: (rate: PollRate) => void, stopped: () => boolean): void {
    const follow = (): void => {
      if (stopped()) return;
      const code = Atomics.load(this.ints, RATE_SLOT);
      changed(POLL_RATES[code]!);
      const wait = waitAsync(this.ints, RATE_SLOT, code);
      if (wait.async) void wait.value.then(follow);
      else queueMicrotask(follow); // changed between the load and the wait
    };
    follow();
  }

  /** Wakes the waiter of {@link onRateChange} (to let it see that it stopped). */
  wake(): void {
    Atomics.notify(this.ints, RATE_SLOT);
  }

  /** Highest memory use above baseline seen in the current eval, in bytes. */
  get peak(): number {
    return this.floats[1]!;
  }
  set peak(bytes: number) {
    this.floats[1] = bytes;
  }

  /** The guest's CPU time (all threads, since it started) at the last reading, in ms. */
  get cpuMs(): number {
    return this.floats[2]!;
  }
  set cpuMs(ms: number) {
    this.floats[2] = ms;
  }

  /** Bytes the guest's tmpfs files add to its memory use. */
  get tmpfsExtra(): number {
    return this.floats[3]!;
  }
  set tmpfsExtra(bytes: number) {
    this.floats[3] = bytes;
  }

  /** When the eval in flight must be over, in ms since the epoch; Infinity between evals. */
  get deadline(): number {
    return this.floats[4]!;
  }
  set deadline(epochMs: number) {
    this.floats[4] = epochMs;
  }

  /** The CPU reading the budget counts from. */
  get cpuStartMs(): number {
    return this.floats[5]!;
  }
  set cpuStartMs(ms: number) {
    this.floats[5] = ms;
  }

  /**
   * Resident memory a tenant's run counts from (its process's memory when the run started);
   * 0 until a process serves a second run: then the runtime's baseline stands.
   */
  get runBaseline(): number {
    return this.floats[8]!;
  }
  set runBaseline(bytes: number) {
    this.floats[8] = bytes;
  }

  get cpuLimitMs(): number {
    return this.floats[6]!;
  }
  set cpuLimitMs(ms: number) {
    this.floats[6] = ms;
  }
}

/** ES2024's Atomics.waitAsync (in V8 since 8.7, Node 16), absent from the ES2023 typings. */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync: WaitAsync = (array, index, value) =>
  (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(array, index, value);

/** The same clock in every thread (performance.now() counts from each thread's own start). */
export const epochNow = (): number => performance.timeOrigin + performance.now();
