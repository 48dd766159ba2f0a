/**
 * Runs one eval on a ready guest process: sends the code, enforces the wall-clock deadline,
 * collects console output under its cap, and maps whatever ends the eval to one Outcome.
 */
import type { ErrorInfo } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { HostFrame } from '../protocol/frames.js';
import { PROTOCOL_VERSION } from '../protocol/frames.js';
import { decodeValue } from '../protocol/values.js';
import type { Outcome, Stats } from '../result.js';
import { FetchSession } from '../broker/session.js';
import { FunctionTable } from '../functions.js';
import { ConsoleBuffer } from './console-buffer.js';
import { HostCalls } from './host-calls.js';
import { epochNow } from './enforcement-state.js';
import { hostDeadlineMs } from './script-clock.js';
import type { GuestProcess } from './guest-process.js';
import { terminationError } from './termination.js';

type EvalOptions = Pick<
  ResolvedOptions,
  'timeoutMs' | 'cpuTimeMs' | 'consoleMaxBytes' | 'memoryLimit' | 'http'
> &
  Partial<Pick<ResolvedOptions, 'maxHostCalls' | 'dialect'>>;

/** The host functions an eval's script may call, and the run or Sandbox they belong to. */
export interface EvalFunctions {
  table: FunctionTable;
  owner: object;
}

const NO_FUNCTIONS: EvalFunctions = { table: new FunctionTable(), owner: {} };

/** Sends one request frame (eval or set) and resolves with its outcome. */
export function exchange(
  guest: GuestProcess,
  makeFrame: (id: number) => HostFrame,
  options: EvalOptions,
  functions: EvalFunctions = NO_FUNCTIONS,
): Promise<Outcome> {
  const id = guest.nextEvalId();
  const output = new ConsoleBuffer(options.consoleMaxBytes);
  const started = epochNow();
  const watchdog = guest.watchdog!;
  const fetches = new FetchSession(options.http, {
    reply: (frame) => guest.send(frame),
    violation: (detail) => guest.terminate({ kind: 'protocol', detail }),
  });
  const calls = new HostCalls(functions.table, options.maxHostCalls ?? 0, functions.owner, {
    reply: (frame) => guest.send(frame),
    violation: (detail) => guest.terminate({ kind: 'protocol', detail }),
  });
  const deadlineMs = hostDeadlineMs(options);
  watchdog.beginEval(options.timeoutMs, options.cpuTimeMs, deadlineMs);

  return new Promise<Outcome>((resolve) => {
    let done = false;
    const finish = (result: { ok: true; value: unknown } | { ok: false; error: ErrorInfo }) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      guest.awaiting = { kind: 'nothing' };
      guest.onFrame = () => {};
      guest.onTerminate = () => {};
      fetches.close();
      calls.close();
      const { endedAt, ...usage } = watchdog.endEval();
      const stats: Stats = {
        wallMs: Math.max(0, endedAt - started),
        ...usage,
        hostCalls: calls.calls,
      };
      resolve({
        ...result,
        console: output.text,
        consoleTruncated: output.truncated,
        requests: [...fetches.requests],
        requestsOmitted: fetches.omitted,
        stats,
      });
    };
    // The enforcing thread holds the same deadline (enforcer.ts); this timer is the second line,
    // and keeps the host alive while the eval runs.
    const deadline = setTimeout(
      () =>
        guest.terminate({
          kind: 'timeout',
          detail: `the script ran longer than timeoutMs (${options.timeoutMs} ms)`,
        }),
      deadlineMs,
    );
    guest.onTerminate = (termination) =>
      finish({ ok: false, error: terminationError(termination, options, watchdog.peakSoFar) });
    // Only this eval's frames reach here: the guest process refuses every other (guest-frames.ts).
    guest.onFrame = (frame) => {
      if (frame.type === 'ready') return;
      if (frame.type === 'console') return output.append(frame.text);
      if (frame.type === 'fetch' || frame.type === 'fetchAbort') return fetches.handle(frame);
      if (frame.type === 'call') return calls.handle(frame);
      if (frame.type === 'error') return finish({ ok: false, error: frame.error });
      let value: unknown;
      try {
        value = decodeValue(frame.value);
      } catch (error) {
        guest.terminate({
          kind: 'protocol',
          detail: `the guest sent an undecodable value: ${String(error)}`,
        });
        return;
      }
      finish({ ok: true, value });
    };
    if (guest.termination) return guest.onTerminate(guest.termination);
    guest.awaiting = { kind: 'eval', id };
    guest.send(makeFrame(id));
  });
}

/**
 * `endRealm`: the eval is a tenant's whole run (EvalFrame.endRealm). `functions`: host functions
 * to define first (EvalFrame.functions).
 */
export function evalFrame(
  code: string,
  options: ResolvedOptions,
  endRealm = false,
  functions: string[] = [],
) {
  return (id: number): HostFrame => ({
    v: PROTOCOL_VERSION,
    type: 'eval',
    id,
    code,
    filename: options.filename,
    typescript: options.typescript,
    consoleMaxBytes: options.consoleMaxBytes,
    ...(options.dialect === 'mquickjs'
      ? { dialect: 'mquickjs' as const, timeoutMs: options.timeoutMs }
      : {}),
    ...(endRealm ? { endRealm: true as const } : {}),
    ...(functions.length > 0 ? { functions } : {}),
  });
}
