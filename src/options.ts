/**
 * The one schema for every option bunker accepts: names, defaults and validation live here and
 * nowhere else. The library, the CLI, the server and the Ruby gem all parse through it; code past
 * this point receives a complete {@link ResolvedOptions}.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ArgumentError } from './errors.js';
import { HttpOptionsSchema } from './http-options.js';
import { functionConflict, functionNameProblem, type HostFunction } from './functions.js';
import { parseSize } from './size.js';

const MiB = 1024 * 1024;

/** Smallest `memoryLimit` the watchdog can honour within 10% (GC and JIT noise is ~1 MiB). */
export const MIN_MEMORY_LIMIT = 8 * MiB;
/** JSC needs its reserved zones (192 KiB) plus room to run the guest runtime itself. */
export const MIN_STACK_LIMIT = 512 * 1024;
export const MAX_STACK_LIMIT = 64 * MiB;
/** JSC's own ceiling on string length. */
export const ENGINE_MAX_STRING_LENGTH = 2 ** 31 - 1;
/** Upper bound for any time option: one day. */
const MAX_MS = 86_400_000;

const size = (what: string) =>
  z.union([z.number(), z.string()]).transform((raw, ctx) => {
    const bytes = parseSize(raw);
    if (bytes === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a byte count or a size like "64mb"`,
      });
      return z.NEVER;
    }
    return bytes;
  });

const milliseconds = z.number().int().positive().max(MAX_MS);

const directories = z
  .array(
    z
      .string()
      .min(1)
      .transform((path) => resolve(path))
      .refine((path) => existsSync(path) && statSync(path).isDirectory(), {
        message: 'must be an existing directory',
      }),
  )
  .default([]);

export const OptionsSchema = z
  .object({
    /** Wall-clock budget for one eval, in ms, including awaited promises and timers. @default 5000 */
    timeoutMs: milliseconds.default(5000),
    /** CPU-time budget for one eval, in ms. @default timeoutMs */
    cpuTimeMs: milliseconds.optional(),
    /** Memory the script may use beyond the runtime's baseline: bytes or "64mb". @default 64 MiB */
    memoryLimit: size('memoryLimit')
      .pipe(
        z
          .number()
          .int()
          .min(MIN_MEMORY_LIMIT)
          .max(64 * 1024 * MiB),
      )
      .default(64 * MiB),
    /** Console output kept per eval, in bytes; the rest is dropped. @default 10000 */
    consoleMaxBytes: z
      .number()
      .int()
      .nonnegative()
      .max(256 * MiB)
      .default(10_000),
    /** JS stack the script may use, in bytes (or "1mb"). @default engine default (5 MiB) */
    stackLimit: size('stackLimit')
      .pipe(z.number().int().min(MIN_STACK_LIMIT).max(MAX_STACK_LIMIT))
      .optional(),
    /** Longest string, in UTF-16 code units, that string-building built-ins may create. @default 2^31-1 */
    maxStringLength: z
      .number()
      .int()
      .positive()
      .max(ENGINE_MAX_STRING_LENGTH)
      .default(ENGINE_MAX_STRING_LENGTH),
    /** Host directories the guest may read (mounted read-only at the same path). @default [] */
    allowRead: directories,
    /** Host directories the guest may read and write. @default [] */
    allowWrite: directories,
    /**
     * Allow `eval`, `new Function`, the async/generator function constructors and WebAssembly
     * compilation in the script's realm (also through the constructors reachable from the web
     * classes, which compile there). Off, each throws an `EvalError` (`CompileError` for
     * WebAssembly) the script can catch. @default false
     */
    allowEval: z.boolean().default(false),
    /**
     * The script's name in stack traces and syntax errors (`at report.js:3:5`). Only this name
     * is shown: no path of the host's reaches the script. @default "script.js"
     */
    filename: z.string().min(1).max(1024).default('script.js'),
    /** Treat the code as TypeScript. @default false */
    typescript: z.boolean().default(false),
    /**
     * `"mquickjs"`: the script sees mquickjs-ruby's globals (the Ruby gem's `bunker/mquickjs`
     * shim sets it): a synchronous `fetch(url, {method, body})` returning `{status, statusText,
     * ok, body, headers}` through the same broker and policy, `print()`, console arguments
     * converted with `String()` and joined by spaces, and a function or Error in the completion
     * value given as its text. Its timeoutMs counts from the script's start: a synchronous loop or
     * a wait past it ends in TimeoutError and the realm keeps its globals; the host's deadline is
     * timeoutMs plus 1 s (src/host/script-clock.ts). @default "bunker"
     */
    dialect: z.enum(['bunker', 'mquickjs']).default('bunker'),
    /**
     * Take a pre-started process from the pool (`run`, `Sandbox.create`); `false` starts one cold.
     * Either way the process has never run anything else. @default true
     */
    pool: z.boolean().default(true),
    /**
     * Who the code belongs to. Runs and Sandboxes of the same tenant with the same start settings
     * may reuse one warm process one after another, each in a fresh realm; a process never serves
     * two tenants, nor a tenant and an untenanted run. Unset: a never-used process every time.
     * @default none
     */
    tenant: z.string().min(1).max(256).optional(),
    /**
     * fetch policy (src/http-options.ts). Unset: fetch is off and every call rejects with
     * HTTPBlockedError. `{}` turns it on with an empty allowlist, which allows nothing.
     */
    http: HttpOptionsSchema.optional(),
    /**
     * Host functions the script may call as globals, by name; a dotted name (`"db.find"`) defines
     * nested objects. A call is synchronous in the script and returns a copy of the function's
     * value (a Promise is awaited on the host). Library only: JSON callers (CLI, HTTP service)
     * cannot pass functions. @default none
     */
    functions: z
      .record(
        z.string(),
        z.custom<HostFunction>((fn) => typeof fn === 'function', 'must be a function'),
      )
      .superRefine((functions, ctx) => {
        const names = Object.keys(functions);
        for (const name of names) {
          const problem = functionNameProblem(name) ?? functionConflict(names, name);
          if (problem !== undefined)
            ctx.addIssue({ code: 'custom', message: problem, path: [name] });
        }
      })
      .default({}),
    /**
     * Calls to host functions one eval may make; the call past it throws HostCallLimitError in the
     * script (the function is not called), which ends the eval with code HOST_CALL_LIMIT unless
     * caught. @default 1000
     */
    maxHostCalls: z.number().int().nonnegative().max(1_000_000).default(1000),
  })
  .strict()
  .transform((o) => ({ ...o, cpuTimeMs: o.cpuTimeMs ?? o.timeoutMs }));

/** What callers may pass: every field optional, sizes as numbers or strings. */
export type Options = z.input<typeof OptionsSchema>;
/** What the rest of bunker works with: complete and validated. */
export type ResolvedOptions = z.output<typeof OptionsSchema>;

/** Parses options once, at the edge. Throws {@link ArgumentError} naming the offending option. */
export function resolveOptions(input: unknown = {}): ResolvedOptions {
  return parseOrThrow(OptionsSchema, input);
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ArgumentError(describeIssues(parsed.error));
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      if (issue.code === 'unrecognized_keys')
        return `unknown option ${issue.keys.map((k) => `"${path === '' ? k : `${path}.${k}`}"`).join(', ')}`;
      return path === '' ? issue.message : `option "${path}": ${issue.message}`;
    })
    .join('; ');
}

const count = (min: number, max: number) => z.number().int().min(min).max(max);

export const PoolOptionsSchema = z
  .object({
    /**
     * Ready processes kept per distinct process start (filesystem grants, memory limit, eval
     * policy, stack, string limit) once those settings are used more than once; settings used
     * once keep one. @default 4
     */
    size: count(0, 256).default(4),
    /**
     * Sandbox processes the pool may have at once, warm and live (runs and open Sandboxes)
     * together; warm ones are evicted first. Past it a Sandbox is refused with SandboxError
     * TOO_MANY_SANDBOXES and a run waits in the queue. @default one per 256 MiB of the
     * machine's memory, at least 4
     */
    maxProcesses: count(1, 100_000).optional(),
    /** Runs executing at once; more wait in the queue. @default 2 × CPU cores, at least 4 */
    maxConcurrent: count(1, 10_000).optional(),
    /** Runs that may wait; past it `run` rejects with SandboxError QUEUE_FULL. @default 1000 */
    maxQueue: count(0, 1_000_000).default(1000),
    /** A start configuration unused this long has its ready processes ended, in ms. @default 30000 */
    idleMs: count(100, 86_400_000).default(30_000),
    /** Runs (and Sandboxes) one tenant process serves before it is retired. @default 1000 */
    tenantMaxRuns: count(1, 1_000_000).default(1000),
    /** A tenant process is retired once this old, counted from its first use, in ms. @default 300000 */
    tenantMaxAgeMs: count(100, 86_400_000).default(300_000),
    /**
     * Idle tenant processes kept, all tenants together; past it the least recently used is
     * ended. @default a quarter of maxProcesses, at least 4
     */
    maxIdleTenantProcesses: count(0, 100_000).optional(),
  })
  .strict()
  .transform((o) => ({
    ...o,
    maxConcurrent: o.maxConcurrent ?? Math.max(4, 2 * availableParallelism()),
    maxProcesses: o.maxProcesses ?? defaultMaxProcesses(),
    maxIdleTenantProcesses:
      o.maxIdleTenantProcesses ??
      Math.max(4, Math.floor((o.maxProcesses ?? defaultMaxProcesses()) / 4)),
  }));

/**
 * A sandbox process at rest holds ~38 MiB (measured: 40 of them 1.5 GB) and one at work up to its
 * memoryLimit more (64 MiB by default): ~100 MiB. One process per 256 MiB of memory keeps every
 * process the pool may hold, all of them at work, within ~40% of the machine. Memory, not CPU,
 * is what idle processes and open Sandboxes use up; CPU is what maxConcurrent bounds.
 */
function defaultMaxProcesses(): number {
  return Math.max(4, Math.floor(totalmem() / (256 * MiB)));
}

export type PoolOptions = z.input<typeof PoolOptionsSchema>;
export type ResolvedPoolOptions = z.output<typeof PoolOptionsSchema>;

export function resolvePoolOptions(input: unknown = {}): ResolvedPoolOptions {
  return parseOrThrow(PoolOptionsSchema, input);
}
