/** bunker: run untrusted JavaScript/TypeScript in a Bun process inside an OS sandbox. */
export { run } from './run.js';
export { Sandbox } from './sandbox.js';
export { Pool, type PoolStats } from './pool.js';
export { connect, type Client, type ConnectOptions, type RemoteSandbox } from './client/connect.js';
export type { Options, PoolOptions } from './options.js';
export type { Result, Stats } from './result.js';
export type { HttpOptions } from './http-options.js';
export type { HostFunction } from './functions.js';
export type { RequestRecord } from './broker/record.js';
export type { BlockReason } from './broker/refusal.js';
export {
  BunkerError,
  SyntaxError,
  JavaScriptError,
  TimeoutError,
  MemoryLimitError,
  ArgumentError,
  SandboxError,
  HTTPBlockedError,
  HTTPLimitError,
  HTTPError,
  HostCallLimitError,
} from './errors.js';
export type { ErrorCode, ErrorName, ErrorInfo } from './errors.js';
