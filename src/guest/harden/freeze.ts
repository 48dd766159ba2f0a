/**
 * Freezes everything of Bun's own realm that a script can reach from what is shared with it: the
 * objects themselves, their prototypes, every property value and every getter and setter, until
 * nothing new is found (SES's `harden`). A script can then change nothing that another script in
 * this process, or the guest runtime itself, would see.
 *
 * Freezing does not stop an accessor's setter, nor what its getter returns: a static accessor
 * (`inspect.defaultOptions`, a record of aliases with setters) guards state of the whole realm.
 * On such objects (functions and plain records, not prototypes, whose accessors act on the
 * instance they are called on) getters are read once and what they return is frozen too, and
 * setters are removed.
 */
import { makeOverridable } from './overrides.js';

type Shape = object;

/**
 * Every object frozen, held for the life of the process. JavaScriptCore caches the functions
 * behind native accessors (`TextDecoder.prototype.fatal`'s getter, every event's `isTrusted`
 * getter) weakly: after a collection the next lookup makes a new one, unfrozen, that a script
 * could mark and a later script find. Held, the frozen one stays the one handed out.
 */
const retained = new Set<Shape>();

/**
 * Walks and freezes the graph under `roots`. Meeting one of `unreachable` means the script could
 * reach it too (the host realm's global, `Bun`, `process`): that is refused, not frozen.
 * Returns how many objects were frozen.
 */
export function freezeGraph(roots: readonly unknown[], unreachable: ReadonlySet<object>): number {
  const seen = new Set<Shape>();
  const settled = new Set<Shape>();
  let pending: unknown[] = [...roots];
  while (pending.length > 0) {
    walk(pending, seen, unreachable);
    pending = settleStatics(seen, settled);
  }
  for (const value of seen) {
    Object.freeze(value);
    retained.add(value);
  }
  return seen.size;
}

function walk(pending: unknown[], seen: Set<Shape>, unreachable: ReadonlySet<object>): void {
  while (pending.length > 0) {
    const value = pending.pop();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
    // Frozen by an earlier walk (hardenLate meets the intrinsics again): nothing new below it.
    if (seen.has(value) || retained.has(value)) continue;
    if (unreachable.has(value))
      throw new Error("hardening: a shared object leads to the runtime realm's global objects");
    seen.add(value);
    pending.push(Reflect.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      let descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      descriptor = makeOverridable(value, key, descriptor) ?? descriptor;
      if ('value' in descriptor) pending.push(descriptor.value);
      else pending.push(descriptor.get, descriptor.set);
    }
  }
}

/** Reads the getters and drops the setters of static accessors; returns what the getters gave. */
function settleStatics(seen: Set<Shape>, settled: Set<Shape>): unknown[] {
  const prototypes = new Set<unknown>();
  for (const value of seen) {
    prototypes.add(Reflect.getPrototypeOf(value));
    if (typeof value === 'function') prototypes.add((value as { prototype?: unknown }).prototype);
  }
  const found: unknown[] = [];
  for (const value of seen) {
    if (settled.has(value) || prototypes.has(value)) continue;
    const parent = Reflect.getPrototypeOf(value);
    if (typeof value !== 'function' && parent !== Object.prototype && parent !== null) continue;
    settled.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined || 'value' in descriptor) continue;
      try {
        found.push(descriptor.get?.call(value));
      } catch {
        // A getter that throws hands out nothing.
      }
      if (descriptor.set !== undefined && descriptor.configurable)
        Reflect.defineProperty(value, key, { set: undefined });
    }
  }
  return found;
}
