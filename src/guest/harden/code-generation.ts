/**
 * Code generation in Bun's own realm (the guest runtime's), tamed as SES's lockdown tames it:
 * every function constructor of this realm is replaced by one that compiles in the script's realm
 * instead, under that realm's rules (allowEval). A script that walks from any object of this realm
 * to `.constructor.constructor` therefore reaches the same door as its own `Function`: refused
 * with its own realm's EvalError when allowEval is off, a function of its own realm (with no way
 * back to `Bun` or `process`) when on.
 *
 * The realm is per process and so is this state: the guest serves one script realm at a time.
 */

/** The script realm's own constructors, which code generation is delegated to. */
export interface CodeRealm {
  Function: CallableFunction;
  AsyncFunction: CallableFunction;
  GeneratorFunction: CallableFunction;
  AsyncGeneratorFunction: CallableFunction;
  eval: (source: unknown) => unknown;
}

type Kind = Exclude<keyof CodeRealm, 'eval'>;

let current: CodeRealm | undefined;

/** Names the realm code generation is delegated to from now on. */
export function setCodeRealm(realm: CodeRealm): void {
  current = realm;
}

function target(): CodeRealm {
  if (current === undefined) throw new EvalError('code generation from strings is disabled');
  return current;
}

function tamed(kind: Kind, prototype: object): CallableFunction {
  // A plain function (not an arrow): it must be constructible, as the constructors it replaces.
  const replacement = function (this: unknown, ...args: unknown[]): unknown {
    const constructor = target()[kind];
    return new.target === undefined
      ? Reflect.apply(constructor, undefined, args)
      : Reflect.construct(constructor, args);
  };
  Object.defineProperties(replacement, {
    name: { value: kind },
    prototype: { value: prototype },
  });
  return replacement;
}

/** Replaces this realm's four function constructors and its `eval`. Call once, before freezing. */
export function tameCodeGeneration(): void {
  const prototypes: Record<Kind, object> = {
    Function: Function.prototype,
    AsyncFunction: Object.getPrototypeOf(async function () {}) as object,
    GeneratorFunction: Object.getPrototypeOf(function* () {}) as object,
    AsyncGeneratorFunction: Object.getPrototypeOf(async function* () {}) as object,
  };
  for (const [kind, prototype] of Object.entries(prototypes) as [Kind, object][]) {
    Object.defineProperty(prototype, 'constructor', {
      value: tamed(kind, prototype),
      writable: true,
      configurable: true,
    });
  }
  const g = globalThis as Record<string, unknown>;
  g.Function = prototypes.Function.constructor;
  g.eval = (source: unknown) => target().eval(source);
}
