/** Maps how a guest process ended to the one error an eval reports. */
import type { ErrorInfo } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Termination } from './guest-process.js';

const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGABRT', 'SIGBUS']);
/** Exit codes the sandbox wrappers report for a guest that died of SIGABRT/SIGBUS/SIGSEGV. */
const CRASH_CODES = new Set([134, 135, 139]);
/**
 * A guest ended by its seccomp filter (SIGSYS, reported by the wrappers as 128 + 31): the one
 * rule that kills rather than refuses is a new process (guest/seccomp-rules.ts).
 */
const PROCESS_ATTEMPT_CODE = 159;

export function terminationError(
  termination: Termination,
  options: Pick<ResolvedOptions, 'cpuTimeMs' | 'memoryLimit'>,
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
        message: `${termination.detail}; scripts may not start processes or threads, nor raise their priority`,
      };
    case 'protocol':
      return { name: 'SandboxError', code: 'PROTOCOL_ERROR', message: termination.detail };
    case 'disposed':
      return { name: 'SandboxError', code: 'SANDBOX_CLOSED', message: termination.detail };
    case 'exit': {
      if (termination.signal === 'SIGSYS' || termination.code === PROCESS_ATTEMPT_CODE) {
        return {
          name: 'SandboxError',
          code: 'PROCESS_LIMIT',
          message:
            'the script tried to start a process, and the kernel ended it; scripts may not start processes or threads, nor raise their priority',
        };
      }
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
