/**
 * How a guest process is started. Everything here is fixed for the life of the process, so it
 * is also what a pool of ready processes must be keyed by.
 */
import { dirname } from 'node:path';
import type { ResolvedOptions } from '../options.js';
import type { InitFrame } from '../protocol/frames.js';
import { PROTOCOL_VERSION } from '../protocol/frames.js';
import type { LaunchSpec } from './platform/index.js';
import { runtimePaths } from './runtime-paths.js';

const MiB = 1024 * 1024;
/**
 * Address-space backstop. JSC sizes its up-front reservation by this limit (it took 1.2 GiB of a
 * 1.3 GiB limit, after which Bun could not start a thread: EAGAIN); with 4 GiB it leaves over a
 * GiB free. The watchdog enforces memoryLimit on resident memory long before this trips; this
 * only keeps a runaway guest from taking the machine's memory between two polls.
 */
const ADDRESS_SPACE_BASE = 4096 * MiB;

/** Open files per guest: Bun needs a few dozen; a script has no use for thousands. */
const MAX_OPEN_FILES = 1024;

export interface GuestLaunch {
  key: string;
  spec: LaunchSpec;
  init: InitFrame;
}

export function guestLaunch(options: ResolvedOptions): GuestLaunch {
  const paths = runtimePaths();
  const addressSpace = ADDRESS_SPACE_BASE + 2 * options.memoryLimit;
  const env = ['NO_COLOR=1', 'TZ=UTC', 'LANG=C.UTF-8', 'HOME=/nonexistent'];
  if (options.stackLimit !== undefined)
    env.push(`BUN_JSC_maxPerThreadStackUsage=${options.stackLimit}`);
  // Descriptors hold kernel memory the watchdog cannot count (pipe buffers, eventfds): bounded.
  const prlimit = [
    `--as=${addressSpace}`,
    '--core=0',
    `--nofile=${MAX_OPEN_FILES}`,
    // No raising its priority back: SCHED_IDLE counts as nice 20, and leaving it needs this limit.
    '--nice=0',
  ];
  if (options.stackLimit !== undefined) prlimit.push(`--stack=${options.stackLimit + 8 * MiB}`);
  const argv = [
    // No capabilities: inside sandbox-runtime's nested user namespace the command starts with a
    // full set (it could mount a tmpfs the watchdog does not see, or give files capabilities).
    '/usr/bin/setpriv',
    '--bounding-set=-all',
    '--inh-caps=-all',
    '--',
    // The guest yields the CPU to the host, whose threads preempt it the moment they wake (the
    // enforcing thread must run on time, the main thread answer on time): SCHED_IDLE, which
    // RLIMIT_NICE 0 (below) keeps it from leaving. Its session's group is lowered too:
    // priority.ts.
    '/usr/bin/chrt',
    '--idle',
    '0',
    '/usr/bin/prlimit',
    ...prlimit,
    '--',
    '/usr/bin/env',
    '-i',
    ...env,
    paths.bun,
    '--no-install',
    '--env-file=/dev/null',
    // Not --smol: with it, deep recursion segfaults instead of throwing RangeError (Bun 1.4.5).
    paths.guestEntry,
  ];
  const spec: LaunchSpec = {
    argv,
    runtimeReadPaths: [
      dirname(paths.bun),
      paths.guestRoot,
      paths.sandboxRuntimeVendor,
      ...paths.guestPackages,
    ],
    allowRead: options.allowRead,
    allowWrite: options.allowWrite,
  };
  const init: InitFrame = {
    v: PROTOCOL_VERSION,
    type: 'init',
    allowEval: options.allowEval,
    maxStringLength: options.maxStringLength,
  };
  return { key: JSON.stringify([spec, init]), spec, init };
}
