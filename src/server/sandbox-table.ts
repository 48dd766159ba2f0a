/**
 * The sandboxes a server holds, by handle. Handles are random UUIDs, so a handle from an earlier
 * server process (a client that restarted it) can never name a sandbox of this one.
 */
import { randomUUID } from 'node:crypto';
import { SandboxError } from '../errors.js';
import type { Options } from '../options.js';
import { Sandbox } from '../sandbox.js';

export class SandboxTable {
  private readonly open = new Map<string, Sandbox>();
  private closed = false;

  /** Starts a sandbox; rejects with ArgumentError (options) or SandboxError. */
  async create(options: Options | undefined): Promise<string> {
    if (this.closed) throw shuttingDown();
    const sandbox = await Sandbox.create(options);
    if (this.closed) {
      await sandbox.dispose();
      throw shuttingDown();
    }
    const handle = randomUUID();
    this.open.set(handle, sandbox);
    return handle;
  }

  /** The sandbox behind `handle`; SandboxError SANDBOX_CLOSED when there is none. */
  get(handle: string): Sandbox {
    const sandbox = this.open.get(handle);
    if (!sandbox)
      throw new SandboxError(
        'SANDBOX_CLOSED',
        `no sandbox with handle ${JSON.stringify(handle)} (never created, or already disposed)`,
      );
    return sandbox;
  }

  /** Forgets the handle at once (later requests for it are refused), then ends the process. */
  async dispose(handle: string): Promise<void> {
    const sandbox = this.get(handle);
    this.open.delete(handle);
    await sandbox.dispose();
  }

  /** Disposes every sandbox; pending evals answer SANDBOX_CLOSED. Creates still starting are disposed when they finish. */
  async close(): Promise<void> {
    this.closed = true;
    const sandboxes = [...this.open.values()];
    this.open.clear();
    await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  }
}

const shuttingDown = () =>
  new SandboxError('SANDBOX_CLOSED', 'the server is shutting down; no new sandboxes');
