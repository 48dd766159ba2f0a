/**
 * Runs one eval on a ready guest process: sends the code, enforces the wall-clock deadline,
 * collects console output under its cap, and maps whatever ends the eval to one Outcome.
 */
import type { ErrorInfo } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { GuestErrorInfo, HostFrame } from '../protocol/frames.js';
import { PROTOCOL_VERSION } from '../protocol/frames.js';
import { decodeValue } from '../protocol/values.js';
import type { Outcome, Stats } from '../result.js';
import { ConsoleBuffer } from './console-buffer.js';
import type { GuestProcess, Termination } from './guest-process.js';

let nextId = 1;

type EvalOptions = Pick<
  ResolvedOptions,
  'timeoutMs' | 'cpuTimeMs' | 'consoleMaxBytes' | 'memoryLimit'
>;

/** Sends one request frame (eval or set) and resolves with its outcome. */
export function exchange(
  guest: GuestProcess,
  makeFrame: (id: number) => HostFrame,
  options: EvalOptions,
): Promise<Outcome> {
  const id = nextId++;
  const output = new ConsoleBuffer(options.consoleMaxBytes);
  const started = performance.now();
  const watchdog = guest.watchdog!;
  watchdog.beginEval(options.cpuTimeMs);

  return new Promise<Outcome>((resolve) => {
    let done = false;
    const finish = (result: { ok: true; value: unknown } | { ok: false; error: ErrorInfo }) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      guest.onFrame = () => {};
      guest.onTerminate = () => {};
      const usage = watchdog.endEval();
      const stats: Stats = { wallMs: performance.now() - started, ...usage };
      resolve({ ...result, console: output.text, consoleTruncated: output.truncated, stats });
    };
    const deadline = setTimeout(
      () =>
        guest.terminate({
          kind: 'timeout',
          detail: `the script ran longer than timeoutMs (${options.timeoutMs} ms)`,
        }),
      options.timeoutMs,
    );
    guest.onTerminate = (termination) =>
      finish({ ok: false, error: terminationError(termination, options, watchdog.peakSoFar) });
    guest.onFrame = (frame) => {
      if (frame.type === 'ready' || frame.id !== id) return;
      if (frame.type === 'console') return output.append(frame.text);
      if (frame.type === 'error') return finish({ ok: false, error: guestError(frame.error) });
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
    guest.send(makeFrame(id));
  });
}

export function evalFrame(code: string, options: ResolvedOptions) {
  return (id: number): HostFrame => ({
    v: PROTOCOL_VERSION,
    type: 'eval',
    id,
    code,
    typescript: options.typescript,
    consoleMaxBytes: options.consoleMaxBytes,
  });
}

function guestError(error: GuestErrorInfo): ErrorInfo {
  return { ...error };
}

const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGABRT', 'SIGBUS']);
/** Exit codes the sandbox wrappers report for a guest that died of SIGABRT/SIGBUS/SIGSEGV. */
const CRASH_CODES = new Set([134, 135, 139]);

export function terminationError(
  termination: Termination,
  options: EvalOptions,
  peak: number,
): ErrorInfo {
  switch (termination.kind) {
    case 'timeout':
      return { name: 'TimeoutError', code: 'WALL_TIMEOUT', message: termination.detail };
    case 'cpu':
      return {
        name: 'TimeoutError',
        code: 'CPU_TIMEOUT',
        message: `the script exceeded cpuTimeMs (${options.cpuTimeMs} ms): ${termination.detail}`,
      };
    case 'memory':
      return {
        name: 'MemoryLimitError',
        code: 'MEMORY_LIMIT',
        message: `the script exceeded memoryLimit (${options.memoryLimit} bytes): ${termination.detail}`,
      };
    case 'processes':
      return {
        name: 'SandboxError',
        code: 'PROCESS_LIMIT',
        message: `${termination.detail}; starting processes is not allowed`,
      };
    case 'protocol':
      return { name: 'SandboxError', code: 'PROTOCOL_ERROR', message: termination.detail };
    case 'disposed':
      return { name: 'SandboxError', code: 'SANDBOX_CLOSED', message: termination.detail };
    case 'exit': {
      const crashed =
        (termination.signal !== null && CRASH_SIGNALS.has(termination.signal)) ||
        CRASH_CODES.has(termination.code ?? 0);
      // Bun dies on a segfault instead of throwing when millions of small objects exhaust the
      // address space; with the watchdog having seen the guest near its limit, that is memory.
      if (crashed && peak > options.memoryLimit / 2) {
        return {
          name: 'MemoryLimitError',
          code: 'MEMORY_LIMIT',
          message: `the script exceeded memoryLimit (${options.memoryLimit} bytes); the runtime crashed`,
        };
      }
      const how = termination.signal ?? `code ${termination.code}`;
      const stderr = termination.stderr.trim();
      return {
        name: 'SandboxError',
        code: 'SANDBOX_CRASHED',
        message: `the sandbox process ended (${how}) without a result${stderr ? `: ${stderr.slice(-500)}` : ''}`,
      };
    }
  }
}
