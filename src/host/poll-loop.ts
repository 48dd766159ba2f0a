/**
 * The enforcing thread's one schedule: every watchdog is polled from a single round-robin pass
 * rather than a timer of its own.
 *
 * Why: under a soak of 50 sandboxes on 2 cores the thread gets a few tens of ms of CPU a second.
 * With a setInterval per guest, what little it got went to whichever timers came first: over
 * 30 s some busy guests were polled hundreds of times and others not once, and memory bombs
 * under a 16 MiB limit reached 118-147 MB (BENCHMARKS.md, soak). A pass visits every member in
 * turn, so a starved thread polls every due guest less often, never some guests never.
 */

/** What the loop polls. */
export interface Polled {
  /** When the member wants its next poll (performance.now() ms); Infinity for never. */
  readonly dueAt: number;
  /** Polls it; afterwards {@link dueAt} says when the next one is due. */
  poll(now: number): void;
}

/**
 * Longest a pass runs before it yields to the thread's event loop (rate changes and new guests
 * arrive through it); the next pass starts where this one stopped.
 */
const SLICE_MS = 5;

export class PollLoop {
  private members: Polled[] = [];
  private readonly removed = new Set<Polled>();
  /** Where the next pass starts: the member after the last one polled. */
  private cursor = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  /** A pass that yielded continues at setImmediate: no timer is needed meanwhile. */
  private continuing = false;

  add(member: Polled): void {
    // Removed but not pruned yet: still listed.
    if (!this.removed.delete(member)) this.members.push(member);
    this.wake(member.dueAt);
  }

  remove(member: Polled): void {
    this.removed.add(member);
  }

  /** A member's {@link Polled.dueAt} moved earlier, to `dueAt`: the next pass must not be later. */
  wake(dueAt: number): void {
    if (this.continuing || dueAt >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = dueAt;
    this.timer = setTimeout(() => this.pass(), Math.max(0, dueAt - performance.now()));
  }

  private pass(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.removed.size > 0) this.prune();
    const count = this.members.length;
    const start = performance.now();
    for (let visited = 0; visited < count; visited++) {
      const index = (this.cursor + visited) % count;
      const member = this.members[index]!;
      if (this.removed.has(member)) continue;
      const now = performance.now();
      if (member.dueAt > now) continue;
      if (now - start >= SLICE_MS) {
        this.cursor = index;
        this.continuing = true;
        setImmediate(() => {
          this.continuing = false;
          this.pass();
        });
        return;
      }
      member.poll(now);
    }
    this.cursor = count === 0 ? 0 : (this.cursor + 1) % count;
    this.scheduleNext();
  }

  private scheduleNext(): void {
    let next = Infinity;
    for (const member of this.members)
      if (!this.removed.has(member) && member.dueAt < next) next = member.dueAt;
    if (next !== Infinity) this.wake(next);
  }

  private prune(): void {
    const kept = this.members.filter((member) => !this.removed.has(member));
    this.cursor = kept.length === 0 ? 0 : this.cursor % kept.length;
    this.members = kept;
    this.removed.clear();
  }
}
