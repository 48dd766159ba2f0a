/**
 * Peer: quickjs-emscripten (QuickJS compiled to WebAssembly, its default release-sync build).
 * The WebAssembly module is loaded once, as an embedder would; each fresh environment is a new
 * runtime and context inside it.
 */
import { getQuickJS, type QuickJSContext } from 'quickjs-emscripten';
import { measureCompute } from '../lib/compute.js';
import { sample } from '../lib/stats.js';
import { FRESH_SAMPLES, FRESH_WARMUP, emit, expectTwo, installedVersion } from './report.js';

const QuickJS = await getQuickJS();

function evaluate(context: QuickJSContext, code: string): unknown {
  const handle = context.unwrapResult(context.evalCode(code));
  const value: unknown = context.dump(handle);
  handle.dispose();
  return value;
}

function freshEval(): void {
  const runtime = QuickJS.newRuntime();
  const context = runtime.newContext();
  expectTwo(evaluate(context, '1+1'));
  context.dispose();
  runtime.dispose();
}

await sample(FRESH_WARMUP, freshEval);
const freshMs = await sample(FRESH_SAMPLES, freshEval);

const runtime = QuickJS.newRuntime();
const context = runtime.newContext();
const compute = await measureCompute((code) => evaluate(context, code));
context.dispose();
runtime.dispose();

emit({
  name: 'quickjs-emscripten',
  version: installedVersion('quickjs-emscripten'),
  freshMs,
  compute,
});
