/**
 * Entry point of the guest process (run by Bun inside the OS sandbox). Reads frames from stdin,
 * runs each eval in the guest realm, writes frames to fd 3. Imports nothing from host/.
 */
// First: the guest's start must already yield the CPU to the host.
import './priority.js';
import type { FetchReplyFrame, HostFrame, InitFrame } from '../protocol/frames.js';
import { decodeValue } from '../protocol/values.js';
import { receive, send } from './channel.js';
import { consoleMethods, formatLoaded, loadFormat, type ConsoleSink } from './console.js';
import { evaluate, FailureSlot, warmUp } from './evaluate.js';
import { thrownToInfo } from './errors.js';
import { GuestFetch } from './fetch.js';
import { bun } from './bun-api.js';
import { writeAll } from './libc.js';
import { createRealm, hardenShared, hideHostGlobals, type Realm } from './realm.js';
import { installSeccomp } from './seccomp.js';
import { TimerTracker } from './timers.js';

const exit = process.exit.bind(process);
const failures = new FailureSlot();
process.on('unhandledRejection', (reason) => failures.report(reason));
process.on('uncaughtException', (error) => failures.report(error));

const timers = new TimerTracker((error) => failures.report(error));
let sink: ConsoleSink = { remaining: 0, write: () => {} };
let realm: Realm | undefined;

const fetcher = new GuestFetch();

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
  realm = createRealm(init, {
    console: consoleMethods(() => sink),
    timers,
    fetch: fetcher.fetch,
    reportError: (error) => failures.report(error),
  });
  hideHostGlobals();
  await warmUp(realm.context);
  send({ type: 'ready' });
  preloadWhenIdle();
}

async function handle(frame: Exclude<HostFrame, FetchReplyFrame>): Promise<void> {
  switch (frame.type) {
    case 'init':
      return start(frame);
    case 'eval': {
      if (!realm) throw new Error('eval before init');
      const id = frame.id;
      sink = {
        remaining: frame.consoleMaxBytes,
        write: (text) => send({ type: 'console', id, text }),
      };
      fetcher.begin(id);
      clearTimeout(preload); // never in the middle of an eval
      await evaluate(frame, realm.context, [timers, fetcher], failures);
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
      if (!realm) throw new Error('set before init');
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
