/**
 * One eval: compile (script/compile.ts: eval's semantics, the user's positions), run, await the
 * value, wait for the script's timers, report.
 */
import vm from 'node:vm';
import type { EvalFrame, GuestErrorInfo } from '../protocol/frames.js';
import { MAX_FRAME_BYTES } from '../protocol/frames.js';
import { encodeValue } from '../protocol/values.js';
import { interruptedInCall, send, sendResult } from './channel.js';
import { guestFrames, syntaxToInfo, thrownToInfo } from './errors.js';
import { ScriptDeadline } from './script-deadline.js';
import { compileScript, needsParser } from './script/compile.js';
import { loadParser, parserLoaded, ScriptSyntaxError } from './script/parse.js';
import { loadTypeScriptParser, stripTypes } from './script/strip-types.js';

/**
 * Compiled scripts by input. Scripts are often evaluated again and again (a rule run per event,
 * a benchmark); compiling was the largest part of a small eval's cost. A vm.Script is not tied
 * to a context, so reusing one shares nothing between evals but the compiled code.
 */
const compiled = new Map<string, vm.Script>();
const COMPILED_KEEP = 256;

function compile(code: string, typescript: boolean, filename: string): vm.Script {
  const key = `${typescript ? 't' : 'j'}${filename}\0${code}`;
  let script = compiled.get(key);
  if (script === undefined) {
    script = compileScript(typescript ? stripTypes(code) : code, filename);
    if (compiled.size >= COMPILED_KEEP) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, script);
  }
  return script;
}

/** Errors the script raised outside the eval's own promise chain (timers, unhandled rejections). */
export class FailureSlot {
  private first: unknown;
  private failed = false;
  private waiters: ((error: unknown) => void)[] = [];

  report(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.first = error;
    for (const waiter of this.waiters) waiter(error);
    this.waiters = [];
  }

  /** Rejects as soon as (or if already) something failed. */
  watch(): Promise<never> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the script may throw anything
    if (this.failed) return Promise.reject(this.first);
    return new Promise<never>((_, reject) => this.waiters.push(reject));
  }

  /** Forgets the last eval: its failure and its watchers (whose promises then never settle). */
  reset(): void {
    this.failed = false;
    this.first = undefined;
    this.waiters = [];
  }
}

/**
 * `answered` runs right after the eval's answer is written, before any other code of the realm
 * can run (a tenant's run revokes its realm's capabilities there).
 */
export async function evaluate(
  frame: EvalFrame,
  context: vm.Context,
  work: readonly PendingKind[],
  failures: FailureSlot,
  answered: () => void = () => {},
): Promise<void> {
  clearTimeout(preload); // never in the middle of an eval
  try {
    await evaluateOnce(frame, context, work, failures, answered);
  } finally {
    preloadParserWhenIdle();
  }
}

async function evaluateOnce(
  frame: EvalFrame,
  context: vm.Context,
  work: readonly PendingKind[],
  failures: FailureSlot,
  answered: () => void,
): Promise<void> {
  failures.reset();
  let script: vm.Script;
  try {
    script = await compileForEval(frame);
  } catch (error) {
    const info =
      error instanceof ScriptSyntaxError ? syntaxToInfo(error, frame) : thrownToInfo(error);
    send({ type: 'error', id: frame.id, error: info });
    return answered();
  }
  const deadline = frame.timeoutMs === undefined ? undefined : new ScriptDeadline(frame.timeoutMs);
  let value: unknown;
  let settled = false;
  try {
    const completion = Promise.resolve(
      script.runInContext(context, deadline?.start(context)) as unknown,
    );
    const waiting = () => !settled || work.some((kind) => kind.pending > 0);
    const stops = [failures.watch(), ...(deadline ? [deadline.expiry(waiting)] : [])];
    value = await Promise.race([completion, ...stops]);
    settled = true;
    await Promise.race([drain(work), ...stops]);
  } catch (error) {
    if (deadline?.ended(error)) return timedOut(frame.id, deadline, work, answered);
    send({ type: 'error', id: frame.id, error: thrownToInfo(error) });
    return answered();
  } finally {
    deadline?.stop();
  }
  reportValue(frame.id, value, frame.dialect === 'mquickjs');
  answered();
}

/**
 * The script's own deadline ended it (the mquickjs dialect): what it left pending is dropped, so
 * none of it runs in a later eval, and the realm stays for the next eval. Except when the
 * interrupt cut off the guest's own code in the middle of a call it made for the script (a
 * synchronous fetch, a host function): its channel may hold half a frame. The watchdog fires
 * while such a call blocks, so the first guest code after the answer takes the interrupt. Then
 * nothing is answered, and the host's deadline ends the process.
 */
async function timedOut(
  id: number,
  deadline: ScriptDeadline,
  work: readonly PendingKind[],
  answered: () => void,
): Promise<void> {
  for (const kind of work) kind.abandon();
  if (interruptedInCall()) return new Promise<void>(() => {});
  // Promise jobs the script queued before the interrupt run now, within this eval and the host's
  // deadline, not after its answer; what they schedule is dropped too.
  await new Promise((resolve) => setImmediate(resolve));
  for (const kind of work) kind.abandon();
  send({ type: 'error', id, error: deadline.info() });
  answered();
}

/**
 * Runs the eval path once on a trivial script before the guest reports ready, so that a pooled
 * process's first real eval does not pay for cold code (transpiler, compiler, codec): measured
 * ~20 ms on the first eval of a fresh process otherwise.
 */
export async function warmUp(context: vm.Context): Promise<void> {
  const value: unknown = await compile('0', false, 'warm-up.js').runInContext(context);
  JSON.stringify(encodeValue(value));
  preloadParserWhenIdle();
}

async function compileForEval(frame: EvalFrame): Promise<vm.Script> {
  if (frame.typescript) await Promise.all([loadParser(), loadTypeScriptParser()]);
  else if (!parserLoaded() && needsParser(frame.code)) await loadParser();
  try {
    return compile(frame.code, frame.typescript, frame.filename);
  } catch (error) {
    // Only the parser pins a syntax error's column: load it and compile again.
    if (parserLoaded()) throw error;
    await loadParser();
    return compile(frame.code, frame.typescript, frame.filename);
  }
}

/** Idle time after which the process loads the parser (script/parse.ts, loadParser). */
const PRELOAD_IDLE_MS = 50;
let preload: ReturnType<typeof setTimeout> | undefined;
function preloadParserWhenIdle(): void {
  if (!parserLoaded()) preload = setTimeout(() => void loadParser(), PRELOAD_IDLE_MS);
}

/** Work of the script the eval waits for: its timers and its fetches. */
interface PendingKind {
  readonly pending: number;
  idle(): Promise<void>;
  /** Drops what is pending without running any more of it. */
  abandon(): void;
}

/** Waits until none of the script's work is pending, letting promise chains run in between. */
async function drain(work: readonly PendingKind[]): Promise<void> {
  for (;;) {
    for (const kind of work) await kind.idle();
    await new Promise((resolve) => setImmediate(resolve));
    if (work.every((kind) => kind.pending === 0)) return;
  }
}

function reportValue(id: number, value: unknown, mquickjs: boolean): void {
  let encoded: unknown;
  try {
    // Errors returned as values keep the script's frames only, as thrown ones do.
    encoded = encodeValue(value, { errorStack: guestFrames, codeAsText: mquickjs });
  } catch (error) {
    return send({ type: 'error', id, error: thrownToInfo(error) });
  }
  const json = JSON.stringify(encoded);
  const bytes = json === undefined ? 0 : Buffer.byteLength(json);
  if (bytes > MAX_FRAME_BYTES - 1024) {
    const error: GuestErrorInfo = {
      name: 'JavaScriptError',
      code: 'JAVASCRIPT_ERROR',
      message: `RangeError: the result is ${bytes} bytes encoded, more than the ${MAX_FRAME_BYTES - 1024}-byte limit`,
    };
    return send({ type: 'error', id, error });
  }
  sendResult(id, json ?? 'null');
}
