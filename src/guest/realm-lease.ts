/**
 * The script realm the guest serves now, with what it was given. A tenant's process (issue 12)
 * serves one run after another, each in a realm of its own: when a run is over, its realm's
 * capabilities are revoked — its console writes nowhere, its timers are cancelled and it can set
 * no more, its waiting fetches are forgotten and new ones never settle, reportError is ignored —
 * so that none of its code can reach the next run through them, and a fresh realm is opened.
 */
import type { InitFrame } from '../protocol/frames.js';
import { ownAbortTimeouts } from './abort-timeout.js';
import { requireBuiltin } from './bun-api.js';
import { consoleMethods, type ConsoleSink } from './console.js';
import type { GuestFetch } from './fetch.js';
import { syncFetch } from './sync-fetch.js';
import type { GuestCalls } from './host-calls.js';
import { createRealm, type Realm } from './realm.js';
import { installStackFormat } from './script/stack.js';
import { TimerTracker } from './timers.js';

/**
 * Object.prototype of each realm whose run is over. Its code can still be woken once by work the
 * runtime finishes on its own (an AbortSignal.timeout, a Web Crypto digest, a stream's pull) and
 * then throw; such an error belongs to no run, least of all the one in progress.
 */
const revokedRoots = new WeakSet<object>();
let revokedAny = false;

/** Whether `thrown` is an object of a realm whose run is over (looked up without running code). */
export function fromRevokedRealm(thrown: unknown): boolean {
  if (!revokedAny) return false;
  if ((typeof thrown !== 'object' && typeof thrown !== 'function') || thrown === null) return false;
  const { isProxy } = (
    requireBuiltin('node:util') as { types: { isProxy: (v: unknown) => boolean } }
  ).types;
  let current: object | null = thrown;
  // A proxy's getPrototypeOf trap would be the old realm's code: not followed.
  for (let depth = 0; current !== null && depth < 1000 && !isProxy(current); depth++) {
    if (revokedRoots.has(current)) return true;
    current = Object.getPrototypeOf(current) as object | null;
  }
  return false;
}

export interface Lease {
  realm: Realm;
  timers: TimerTracker;
  /** Ends what the realm was given; its code may still run, but reaches nothing of a later run. */
  revoke(): void;
}

/** What every realm of the process shares: the eval's console sink, the fetch channel, failures. */
export interface LeaseHost {
  sink: () => ConsoleSink;
  fetcher: GuestFetch;
  calls: GuestCalls;
  report: (error: unknown) => void;
}

export function openRealm(init: InitFrame, host: LeaseHost): Lease {
  let live = true;
  const report = (error: unknown) => {
    if (live) host.report(error);
  };
  const timers = new TimerTracker(report);
  const abortTimers = new Set<ReturnType<typeof setTimeout>>();
  ownAbortTimeouts(abortTimers);
  const console = Object.fromEntries(
    Object.entries(consoleMethods(host.sink)).map(([name, write]) => [
      name,
      (...args: unknown[]) => {
        if (live) write(...args);
      },
    ]),
  );
  const realm: Realm = createRealm(init, {
    console,
    timers,
    fetch: (input, options) =>
      live ? host.fetcher.fetch(input, options) : new Promise<never>(() => {}),
    fetchSync: (url, options) => {
      if (!live) throw new Error('fetch(): the run that started it is over');
      return syncFetch(host.fetcher, url, options);
    },
    reportError: report,
    callHost: (name, args) => {
      if (!live) throw new Error(`${name}(): the run that was given this function is over`);
      return host.calls.call(name, args, realm.values);
    },
  });
  installStackFormat(realm.context);
  return {
    realm,
    timers,
    revoke() {
      live = false;
      revokedRoots.add(realm.root);
      revokedAny = true;
      timers.close();
      for (const timer of abortTimers) clearTimeout(timer);
      abortTimers.clear();
      host.fetcher.abandon();
    },
  };
}
