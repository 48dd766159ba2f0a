/**
 * The pool's count of sandbox processes, warm and live together. A process holds one permit from
 * before it is spawned until it has exited (its pipes closed, so the guest inside is gone too):
 * the number of processes the pool has on the machine never exceeds `max`, not even for a moment.
 *
 * Warm (pre-started) processes only take a permit that is free and that nobody waits for; a live
 * process (a run or a Sandbox) may wait for one. Permits that processes already ending will give
 * back are counted as coming; when they are not enough, warm processes are evicted to make room:
 * `needRoom` is called, and a warm start that finishes while {@link short} is true ends itself.
 */
import { GuestProcess } from './guest-process.js';
import type { GuestLaunch } from './launch-spec.js';

export interface BudgetEvents {
  /** A live process waits for a permit: end a ready warm one (through {@link ProcessBudget.evict}); false when there is none. */
  needRoom: () => boolean;
  /** A permit came free and nobody waited for it: warm sets may use it. */
  freed: () => void;
}

export class ProcessBudget {
  private held = 0;
  private readonly waiting: (() => void)[] = [];
  /** Processes ended (evicted, or their run is over) and not yet exited: permits on their way back. */
  private coming = 0;

  constructor(
    readonly max: number,
    private readonly events: BudgetEvents,
  ) {}

  /** A permit now, if one is free and no live process waits for one. For warm processes. */
  tryTake(): boolean {
    if (this.held >= this.max || this.waiting.length > 0) return false;
    this.held++;
    return true;
  }

  /** A permit for a live process: now, or the next one released (warm processes make room). */
  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    const granted = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.makeRoom();
    return granted;
  }

  /** Returns a permit: straight to the first live process waiting, else to the pool. */
  release(): void {
    const next = this.waiting.shift();
    if (next) return next();
    this.held--;
    this.events.freed();
  }

  /** Live processes wait for more permits than the processes already ending will give back. */
  get short(): boolean {
    return this.waiting.length > this.coming;
  }

  /** Ends a warm (or idle tenant) process to free its permit. */
  evict(guest: GuestProcess, why = 'evicted to make room under maxProcesses'): void {
    guest.terminate({ kind: 'disposed', detail: why });
    this.ending(guest);
  }

  /** `guest` was told to end: its permit comes back once it has exited. */
  ending(guest: GuestProcess): void {
    this.coming++;
    void guest.exited.then(() => {
      this.coming--;
      this.makeRoom();
    });
  }

  private makeRoom(): void {
    while (this.short && this.events.needRoom());
  }

  /**
   * Starts a process under a permit the caller holds; the permit is returned when the process
   * has exited, or at once when it fails to start.
   */
  async start(launch: GuestLaunch, memoryLimit: number): Promise<GuestProcess> {
    let guest: GuestProcess;
    try {
      guest = await GuestProcess.start(launch, memoryLimit);
    } catch (error) {
      this.release();
      throw error;
    }
    void guest.exited.then(() => this.release());
    return guest;
  }

  get inUse(): number {
    return this.held;
  }
}
