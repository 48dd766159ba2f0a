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
/** Four, not three: the floats after them must start on a multiple of 8 bytes. */
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
   * The poll rate the main thread asks for. It changes twice per eval: a store and a wake-up of
   * the enforcing thread's waiter (see {@link onRateChange}) cost a few µs on the eval's path,
   * a message to that thread ~15-70 µs each (measured per eval on this machine). Only a faster
   * rate wakes the thread: a slower one is seen at the next poll of the faster rate in force
   * (the watchdog reads the rate at every poll), and a wake-up of another thread is the dearest
   * part of an eval's bookkeeping on a 2-core machine.
   */
  get rate(): PollRate {
    return POLL_RATES[Atomics.load(this.ints, RATE_SLOT)]!;
  }
  set rate(rate: PollRate) {
    const code = POLL_RATES.indexOf(rate);
    // After the deadline and budget it goes with: the store publishes them.
    const was = Atomics.exchange(this.ints, RATE_SLOT, code);
    if (FASTER[code]! > FASTER[was]!) Atomics.notify(this.ints, RATE_SLOT);
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
