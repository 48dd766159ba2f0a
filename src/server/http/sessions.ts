/**
 * The sandboxes of the HTTP server: the core's SandboxTable, plus who owns each one and when it
 * was last used. An id names the node that holds the sandbox (`NODE.UUID`), so that a load
 * balancer can send every call for it to that node (deploy/haproxy.cfg). Another token's
 * sandbox, an expired one and one of another node are all simply unknown here: 404.
 * Idle sandboxes (no call in progress, none for `idleMs`) are disposed by a sweeper.
 */
import { SandboxError } from '../../errors.js';
import { SandboxTable } from '../sandbox-table.js';
import type { Caller } from './callers.js';
import { Refusal } from './refusal.js';

interface Owned {
  owner: number;
  handle: string;
  lastUsed: number;
  /** Calls in progress: a sandbox in use never expires. */
  busy: number;
}

export class Sessions {
  readonly table = new SandboxTable();
  private readonly owned = new Map<string, Owned>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly node: string,
    private readonly idleMs: number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.max(100, idleMs / 4));
    this.sweeper.unref();
  }

  get size(): number {
    return this.owned.size;
  }

  countOf(caller: Caller): number {
    let count = 0;
    for (const entry of this.owned.values()) if (entry.owner === caller.key) count++;
    return count;
  }

  /** Records a sandbox the core created under `handle`; returns its public id. */
  adopt(caller: Caller, handle: string): string {
    const id = `${this.node}.${handle}`;
    this.owned.set(id, { owner: caller.key, handle, lastUsed: Date.now(), busy: 0 });
    return id;
  }

  /** Runs `task` with the core's handle of sandbox `id`; Refusal 404 when the caller has none. */
  async use<T>(caller: Caller, id: string, task: (handle: string) => Promise<T>): Promise<T> {
    const entry = this.owned.get(id);
    if (!entry || entry.owner !== caller.key)
      throw new Refusal(
        404,
        new SandboxError(
          'SANDBOX_CLOSED',
          `no sandbox ${JSON.stringify(id)} here (never created, disposed, expired, or its node is gone)`,
        ),
      );
    entry.busy++;
    try {
      return await task(entry.handle);
    } finally {
      entry.busy--;
      entry.lastUsed = Date.now();
    }
  }

  /** Forgets `id` (later calls get 404); the caller disposes it in the core. */
  forget(id: string): void {
    this.owned.delete(id);
  }

  /** Disposes every sandbox; used by the drain. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.owned.clear();
    await this.table.close();
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    const expired = [...this.owned].filter(
      ([, entry]) => entry.busy === 0 && now - entry.lastUsed > this.idleMs,
    );
    for (const [id] of expired) this.owned.delete(id);
    await Promise.all(expired.map(([, entry]) => this.table.dispose(entry.handle).catch(() => {})));
  }
}
