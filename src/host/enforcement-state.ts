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

const INT_SLOTS = 2;
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

/** The same clock in every thread (performance.now() counts from each thread's own start). */
export const epochNow = (): number => performance.timeOrigin + performance.now();
