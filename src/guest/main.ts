/**
 * Entry point of the guest process (run by Bun inside the OS sandbox). Reads frames from stdin,
 * runs each eval in the guest realm, writes frames to fd 3. Imports nothing from host/.
 */
// First: the guest's start must already yield the CPU to the host.
import './priority.js';
import type { CallReplyFrame, FetchReplyFrame, HostFrame, InitFrame } from '../protocol/frames.js';
import { decodeValue } from '../protocol/values.js';
import { receive, send } from './channel.js';
import { formatLoaded, loadFormat, type ConsoleSink } from './console.js';
import { evaluate, FailureSlot, warmUp } from './evaluate.js';
import { thrownToInfo } from './errors.js';
import { GuestFetch } from './fetch.js';
import { GuestCalls } from './host-calls.js';
import { bun } from './bun-api.js';
import { writeAll } from './libc.js';
import { hardenShared, hideHostGlobals } from './realm.js';
import { fromRevokedRealm, openRealm, type Lease, type LeaseHost } from './realm-lease.js';
import { installSeccomp } from './seccomp.js';

const exit = process.exit.bind(process);
const failures = new FailureSlot();
// What a revoked realm throws (realm-lease.ts) is nobody's failure.
const uncaught = (thrown: unknown) => {
  if (!fromRevokedRealm(thrown)) failures.report(thrown);
};
// A rejected promise of a revoked realm (its async function) is that realm's, whatever the value.
process.on('unhandledRejection', (reason, promise) => {
  if (!fromRevokedRealm(promise)) uncaught(reason);
});
process.on('uncaughtException', uncaught);

let sink: ConsoleSink = { remaining: 0, write: () => {} };
const fetcher = new GuestFetch();
const calls = new GuestCalls();
const leaseHost: LeaseHost = {
  sink: () => sink,
  fetcher,
  calls,
  report: (error) => failures.report(error),
};
let lease: Lease | undefined;
let settings: InitFrame | undefined;

/** A tenant's run or Sandbox is over: its realm loses what it was given, a fresh one opens. */
function renewRealm(): void {
  if (!lease || !settings) throw new Error('renew before init');
  lease.revoke();
  lease = openRealm(settings, leaseHost);
}

/** Idle time after which the process loads what a script may need later (console.ts). */
const PRELOAD_IDLE_MS = 50;
let preload: ReturnType<typeof setTimeout> | undefined;
function preloadWhenIdle(): void {
  if (!formatLoaded()) preload = setTimeout(loadFormat, PRELOAD_IDLE_MS);
}

async function start(init: InitFrame): Promise<void> {
  // First, before anything of the script's can run: the host refuses a guest without it.
  installSeccomp();
  hardenShared();
  settings = init;
  lease = openRealm(init, leaseHost);
  hideHostGlobals();
  await warmUp(lease.realm.context);
  send({ type: 'ready' });
  preloadWhenIdle();
}

async function handle(frame: Exclude<HostFrame, FetchReplyFrame | CallReplyFrame>): Promise<void> {
  switch (frame.type) {
    case 'init':
      return start(frame);
    case 'renew':
      return renewRealm();
    case 'eval': {
      if (!lease) throw new Error('eval before init');
      const current = lease;
      const id = frame.id;
      sink = {
        remaining: frame.consoleMaxBytes,
        mquickjs: frame.dialect === 'mquickjs',
        write: (text) => send({ type: 'console', id, text }),
      };
      fetcher.begin(id);
      clearTimeout(preload); // never in the middle of an eval
      if (frame.functions) {
        try {
          current.realm.defineFunctions(frame.functions);
        } catch (error) {
          // A namespace the script made earlier (a Proxy, a frozen object) refused it.
          send({ type: 'error', id, error: thrownToInfo(error) });
          if (frame.endRealm) renewRealm();
          return preloadWhenIdle();
        }
      }
      if (frame.dialect === 'mquickjs') current.realm.useMquickjs();
      calls.begin(id);
      try {
        await evaluate(
          frame,
          current.realm.context,
          [current.timers, fetcher],
          failures,
          frame.endRealm ? () => current.revoke() : undefined,
        );
      } finally {
        calls.end();
      }
      if (frame.endRealm) renewRealm();
      return preloadWhenIdle();
    }
    case 'collect':
      // Bun.gc(true), not JSC's fullGC(): that one keeps compiled code, and with it resident
      // memory still climbed to the limit (a 16 MiB Sandbox died at eval 25-33, BENCHMARKS.md).
      // Read at call time: a script that escaped and replaced it only keeps its own memory high,
      // and the host stops it at memoryLimit all the same.
      bun.gc(true);
      return send({ type: 'result', id: frame.id, value: null });
    case 'set': {
      if (!lease) throw new Error('set before init');
      const realm = lease.realm;
      try {
        Object.defineProperty(realm.context, frame.name, {
          value: decodeValue(frame.value, realm.values),
          writable: true,
          configurable: true,
          enumerable: true,
        });
      } catch (error) {
        return send({ type: 'error', id: frame.id, error: thrownToInfo(error) });
      }
      return send({ type: 'result', id: frame.id, value: null });
    }
  }
}

try {
  await receive(handle, (reply) => fetcher.settle(reply));
  exit(0);
} catch (error) {
  // The guest runtime itself broke (not the script): say why on stderr, which the host reports.
  writeAll(
    2,
    Buffer.from(`bunker guest: ${error instanceof Error ? error.stack : String(error)}\n`),
  );
  exit(70);
}
