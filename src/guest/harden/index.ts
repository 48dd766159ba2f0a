/**
 * Hardens Bun's own realm in the guest process before any script runs. The script lives in a
 * realm of its own (realm.ts), but the web classes it is given are this realm's, and every one of
 * them leads to this realm's Function and intrinsics. After this: code generation from any of
 * them follows the script realm's allowEval (code-generation.ts), and nothing of this realm the
 * script can reach can be changed (freeze.ts). The OS sandbox stays the boundary; this keeps the
 * second wall standing (docs/security.md).
 */
import { tameCodeGeneration } from './code-generation.js';
import { freezeGraph } from './freeze.js';
import { sharedRoots } from './roots.js';

export { setCodeRealm, type CodeRealm } from './code-generation.js';

const LEGACY_REGEXP = new Set([
  'input',
  'multiline',
  'lastMatch',
  'lastParen',
  'leftContext',
  'rightContext',
]);

/** The runtime realm's own doors: a walk from shared objects must never meet one of them. */
let doors: ReadonlySet<object> | undefined;

/** Tames and freezes the realm; `shared` are the objects handed to the script realm. */
export function hardenRuntimeRealm(shared: readonly unknown[]): void {
  const g = globalThis as Record<string, unknown>;
  doors = new Set([globalThis, g.Bun, g.process].filter((v): v is object => typeof v === 'object'));
  // Object URLs live in a registry of the process: one script's would outlive it.
  const url = URL as unknown as Record<string, unknown>;
  delete url.createObjectURL;
  delete url.revokeObjectURL;
  // RegExp's legacy statics (RegExp.$1, lastMatch, input…) tell the last match this realm made,
  // on the runtime's data or another script's, as SES removes them.
  const regexp = RegExp as unknown as Record<string, unknown>;
  for (const key of Reflect.ownKeys(RegExp))
    if (typeof key === 'string' && (key.startsWith('$') || LEGACY_REGEXP.has(key)))
      delete regexp[key];
  tameCodeGeneration();
  freezeGraph(sharedRoots(shared), doors);
}

/**
 * Freezes an object of the runtime realm that is handed to scripts only after start (node:util's
 * inspect, loaded on first need, which a custom inspect method receives).
 */
export function hardenLate(value: unknown): void {
  if (doors === undefined) throw new Error('hardenLate before hardenRuntimeRealm');
  freezeGraph([value], doors);
}
