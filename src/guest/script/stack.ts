/**
 * Stack traces as the script should see them: its own frames only (never a frame of the guest
 * runtime, whose file names are host paths), each at the line:column of the code the user gave
 * and under the name the user chose (the `filename` option).
 *
 * JavaScriptCore builds `error.stack` through `Error.prepareStackTrace` when one is set, in the
 * realm of the error: the guest realm's (set once, not writable, so a script can neither read
 * the call sites of the runtime's frames nor change the format) and Bun's (errors that Bun's
 * built-ins throw at the script, or that the runtime hands it, such as fetch failures).
 */
import vm from 'node:vm';
import type { PositionMap } from './edits.js';

interface CallSite {
  getFileName(): string | null | undefined;
  getFunctionName(): string | null | undefined;
  getLineNumber(): number | null | undefined;
  getColumnNumber(): number | null | undefined;
  isNative(): boolean;
  isConstructor(): boolean;
}

interface Source {
  /** The name the user knows the script by. */
  name: string;
  /** From the compiled text back to the user's code; absent when the code ran unchanged. */
  map?: PositionMap;
}

/** Compiled scripts by the file name JavaScriptCore knows them by. */
const sources = new Map<string, Source>();
/**
 * Transformed scripts whose maps are kept: functions defined by an old eval may still be called.
 * Past this many, the oldest map is dropped and its frames show the compiled positions.
 */
const MAPS_KEPT = 1024;
let transformed = 0;

/** The file name to compile a script under; frames from it are then shown as the user's. */
export function register(name: string, map?: PositionMap): string {
  if (map === undefined) {
    sources.set(name, { name });
    return name;
  }
  // A distinct compiled name per transformed script, so each frame finds its own map.
  const compiledName = `${name}\u200b${++transformed}`;
  sources.set(compiledName, { name, map });
  if (transformed > MAPS_KEPT) {
    for (const [key, source] of sources) {
      if (source.map === undefined) continue;
      sources.set(key, { name: source.name });
      break;
    }
  }
  return compiledName;
}

/** Where in the user's code a position of a compiled script is. */
export function locate(
  compiledName: string,
  line: number,
  column: number,
): { name: string; line: number; column: number } | undefined {
  const source = sources.get(compiledName);
  const name = source?.name ?? compiledName.replace(/\u200b\d+$/, '');
  const at = source?.map ? source.map.toOriginal(line, column) : { line, column };
  return at && { name, ...at };
}

function header(error: unknown): string {
  try {
    return Object.prototype.toString.call(error) === '[object Error]'
      ? `${(error as Error).name}: ${(error as Error).message}`.replace(/: $/, '')
      : String(error);
  } catch {
    return 'Error';
  }
}

function frame(site: CallSite): string | undefined {
  const file = site.getFileName();
  const fn = site.getFunctionName() || '';
  const name = fn && site.isConstructor() ? `new ${fn}` : fn;
  if (file && sources.has(file)) {
    const at = locate(file, site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0);
    // The async wrapper's own call (async-script.ts) is no frame of the script's.
    if (at === undefined) return undefined;
    const where = `${at.name}:${at.line}:${at.column}`;
    return name ? `${name} (${where})` : where;
  }
  if (site.isNative()) return `${name || '<anonymous>'} (native)`;
  return undefined;
}

/** Error.prepareStackTrace for both realms. */
export function formatStack(error: unknown, sites: readonly CallSite[]): string {
  const frames: string[] = [];
  let kept = 0;
  for (const site of sites) {
    let line: string | undefined;
    try {
      line = frame(site);
    } catch {
      line = undefined;
    }
    if (line === undefined) continue;
    frames.push(`    at ${line}`);
    if (!line.endsWith('(native)')) kept = frames.length;
  }
  // Native frames after the script's last one are the runtime calling in (runInContext).
  return [header(error), ...frames.slice(0, kept)].join('\n');
}

// Bun's realm: set before the guest runtime hardens it.
(Error as { prepareStackTrace?: unknown }).prepareStackTrace = formatStack;

const INSTALL = `(format) => {
  const prepare = (error, sites) => format(error, sites);
  Object.defineProperty(Error, 'prepareStackTrace', { value: prepare, writable: false, configurable: false });
}`;

/** Sets the guest realm's Error.prepareStackTrace (an own function of that realm). */
export function installStackFormat(context: vm.Context): void {
  const install = vm.runInContext(INSTALL, context) as (format: typeof formatStack) => void;
  install(formatStack);
}
