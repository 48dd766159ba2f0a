/** bunker: run untrusted JavaScript/TypeScript in a Bun process inside an OS sandbox. */
export { run } from './run.js';
export { Sandbox } from './sandbox.js';
export { Pool } from './pool.js';
export type { Options, PoolOptions } from './options.js';
export type { Result, Stats } from './result.js';
export {
  BunkerError,
  SyntaxError,
  JavaScriptError,
  TimeoutError,
  MemoryLimitError,
  ArgumentError,
  SandboxError,
  HTTPBlockedError,
} from './errors.js';
export type { ErrorCode, ErrorName, ErrorInfo } from './errors.js';
