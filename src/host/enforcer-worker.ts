/**
 * Entry of the host's enforcing thread (started by enforcer.ts): runs one Watchdog per guest, all
 * polled from one round-robin schedule, and tells the main thread, by guest key, when one of them
 * killed its sandbox.
 */
import { parentPort } from 'node:worker_threads';
import { EnforcementState } from './enforcement-state.js';
import { makeThisThreadRealtime } from './enforcer-realtime.js';
import { PollLoop } from './poll-loop.js';
import { Watchdog, type WatchdogTarget } from './watchdog.js';

export type EnforcerRequest =
  | { op: 'watch'; key: number; target: WatchdogTarget; buffer: SharedArrayBuffer }
  | { op: 'stop'; key: number };

/** A watchdog killed the sandbox of `key`: the violation is in its shared state. */
export interface EnforcerReport {
  key: number;
}

/** The thread's first message: it takes guests; why it is not real-time, if it is not. */
export interface EnforcerReady {
  ready: true;
  notRealtime: string | undefined;
}

const port = parentPort!;
const watchdogs = new Map<number, Watchdog>();
const loop = new PollLoop();

port.on('message', (request: EnforcerRequest) => {
  switch (request.op) {
    case 'watch': {
      const state = new EnforcementState(request.buffer);
      const report: EnforcerReport = { key: request.key };
      watchdogs.set(
        request.key,
        new Watchdog(request.target, state, loop, () => {
          watchdogs.delete(request.key);
          port.postMessage(report);
        }),
      );
      return;
    }
    case 'stop':
      watchdogs.get(request.key)?.stop();
      watchdogs.delete(request.key);
      return;
  }
});
const ready: EnforcerReady = { ready: true, notRealtime: makeThisThreadRealtime() };
port.postMessage(ready);
