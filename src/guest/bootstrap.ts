/**
 * Source of the function that installs the guest's globals. It is compiled *inside* the guest
 * realm so that every global function the script can see is an inner-realm function: its
 * `.constructor` is the realm's own `Function`, which refuses strings unless `allowEval` is on.
 * Host-realm capabilities reach it only as closure variables. The classes handed in (URL,
 * TextEncoder, Headers, ...) remain host-realm objects, tamed and frozen by harden/ (see
 * docs/security.md); the OS sandbox stays the boundary.
 *
 * It returns the realm's own function constructors and eval, which the host realm's tamed
 * constructors delegate to (harden/code-generation.ts), and the intrinsics values handed to the
 * script are built from.
 *
 * Fixed source, never spliced with user input.
 */
export const BOOTSTRAP_SOURCE = String.raw`(function bootstrap(host) {
  'use strict';
  const g = globalThis;
  const realmEval = g.eval;
  // Its realms start with the host's globals (process, Bun) and compile strings whatever
  // allowEval says.
  delete g.ShadowRealm;
  const define = (name, value) =>
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });

  const console = {};
  for (const method of Object.keys(host.console)) {
    const impl = host.console[method];
    console[method] = (...args) => impl(...args);
  }
  define('console', console);

  define('setTimeout', (callback, delay, ...args) => host.timers.setTimeout(callback, delay, ...args));
  define('setInterval', (callback, delay, ...args) => host.timers.setInterval(callback, delay, ...args));
  define('clearTimeout', (id) => host.timers.clear(id));
  define('clearInterval', (id) => host.timers.clear(id));
  define('queueMicrotask', (callback) => {
    if (typeof callback !== 'function') throw new TypeError('queueMicrotask needs a function');
    Promise.resolve().then(callback);
  });
  define('structuredClone', (value, options) => host.structuredClone(value, options));
  define('atob', (data) => host.atob(String(data)));
  define('btoa', (data) => host.btoa(String(data)));
  define('crypto', host.crypto);
  const timeOrigin = host.timeOrigin;
  define('performance', Object.freeze({ now: () => host.now(), timeOrigin }));
  define('navigator', Object.freeze({ userAgent: 'bunker' }));
  define('self', g);
  define('reportError', (error) => host.reportError(error));
  // The realm's own WebAssembly; compiling needs allowEval like any code generation.
  const wasm = g.WebAssembly;
  const bytesOf = async (source) => (await source).arrayBuffer();
  Object.defineProperty(wasm, 'compileStreaming', {
    value: async (source) => wasm.compile(await bytesOf(source)),
    writable: true, configurable: true,
  });
  Object.defineProperty(wasm, 'instantiateStreaming', {
    value: async (source, imports) => wasm.instantiate(await bytesOf(source), imports),
    writable: true, configurable: true,
  });
  // Errors from the host realm are rebuilt as this realm's, so that instanceof Error and
  // instanceof TypeError hold in the script.
  const rebuild = (error) => {
    const name = error && typeof error === 'object' ? String(error.name) : '';
    if (name.startsWith('HTTP') || name === 'TypeError') {
      const copy = name === 'TypeError' ? new TypeError(String(error.message)) : new Error(String(error.message));
      if (name !== 'TypeError') Object.defineProperty(copy, 'name', { value: name, writable: true, configurable: true });
      return copy;
    }
    return error;
  };
  define('fetch', async function fetch(input, init) {
    try {
      return await host.fetch(input, init);
    } catch (error) {
      throw rebuild(error);
    }
  });
  for (const name of Object.keys(host.classes)) define(name, host.classes[name]);

  // The mquickjs dialect (sync-fetch.ts): print(), and fetch as mquickjs-ruby's, synchronous,
  // answering a plain object of this realm. Installed once, before the first eval that asks.
  let mquickjs = false;
  const useMquickjs = () => {
    if (mquickjs) return;
    mquickjs = true;
    const log = console.log;
    define('print', (...args) => log(...args));
    define('fetch', function fetch(url, options) {
      let answer;
      try {
        answer = host.fetchSync(url, options);
      } catch (error) {
        throw rebuild(error);
      }
      const headers = {};
      const pairs = answer.headers;
      for (let i = 0; i < pairs.length; i++) {
        const name = pairs[i][0];
        const value = Object.hasOwn(headers, name) ? headers[name] + ', ' + pairs[i][1] : pairs[i][1];
        Object.defineProperty(headers, name, { value, writable: true, configurable: true, enumerable: true });
      }
      return { status: answer.status, statusText: answer.statusText, ok: answer.ok, body: answer.body, headers };
    });
  };

  // Host functions (issue 14): realm functions (their constructor is this realm's Function) that
  // hold only the name; what a call throws is rebuilt as this realm's error, name and message
  // kept, nothing else (no host stack).
  const rebuildCallError = (error) => {
    const name = error && typeof error === 'object' ? String(error.name) : 'Error';
    const message = error && typeof error === 'object' ? String(error.message) : String(error);
    const Kind = name === 'TypeError' ? TypeError : name === 'RangeError' ? RangeError : Error;
    const copy = new Kind(message);
    if (Kind === Error && name !== 'Error')
      Object.defineProperty(copy, 'name', { value: name, writable: true, configurable: true });
    return copy;
  };
  const hostFunction = (name, key) => ({
    [key](...args) {
      try {
        return host.callHost(name, args);
      } catch (error) {
        throw rebuildCallError(error);
      }
    },
  })[key];
  const isObject = (value) => (typeof value === 'object' && value !== null) || typeof value === 'function';
  const defineFunctions = (names) => {
    for (const name of names) {
      const path = name.split('.');
      const key = path.pop();
      let target = g;
      for (const segment of path) {
        let next = target[segment];
        if (!isObject(next)) {
          next = {};
          Object.defineProperty(target, segment, { value: next, writable: true, configurable: true, enumerable: target !== g });
        }
        target = next;
      }
      Object.defineProperty(target, key, { value: hostFunction(name, key), writable: true, configurable: true, enumerable: target !== g });
    }
  };

  // maxStringLength: the built-ins that build strings check their result, or better their
  // target length before building it. '+' and template literals are not covered: memoryLimit
  // bounds those.
  const max = host.maxStringLength;
  if (max < 2147483647) {
    const fail = (length) => {
      throw new RangeError('string length ' + length + ' exceeds maxStringLength ' + max);
    };
    const check = (value) => (typeof value === 'string' && value.length > max ? fail(value.length) : value);
    const patch = (target, name, precheck) => {
      const original = target[name];
      const wrapped = {
        [name](...args) {
          if (precheck) precheck(this, args);
          return check(Reflect.apply(original, this, args));
        },
      }[name];
      Object.defineProperty(target, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
    };
    const S = String.prototype;
    patch(S, 'repeat', (self, [count]) => {
      const length = String(self).length * Number(count);
      if (length > max) fail(length);
    });
    patch(S, 'padStart', (_self, [length]) => Number(length) > max && fail(Number(length)));
    patch(S, 'padEnd', (_self, [length]) => Number(length) > max && fail(Number(length)));
    for (const name of ['concat', 'replace', 'replaceAll', 'normalize', 'toUpperCase', 'toLowerCase']) patch(S, name);
    patch(Array.prototype, 'join');
    patch(Array.prototype, 'toString');
    patch(String, 'fromCharCode');
    patch(String, 'fromCodePoint');
    patch(String, 'raw');
    patch(JSON, 'stringify');
  }

  const typedNames = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];
  const errorNames = ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];
  const pick = (names) => Object.fromEntries(names.filter((n) => typeof g[n] === 'function').map((n) => [n, g[n]]));
  return {
    defineFunctions,
    useMquickjs,
    code: {
      Function,
      AsyncFunction: (async function () {}).constructor,
      GeneratorFunction: (function* () {}).constructor,
      AsyncGeneratorFunction: (async function* () {}).constructor,
      eval: (source) => realmEval(source),
    },
    // What values handed to the script are built from (protocol/values-realm.ts), captured now,
    // before any script can replace them.
    values: {
      Object, Array, Map, Set, Date, RegExp, ArrayBuffer, DataView,
      errors: pick(errorNames),
      typed: pick(typedNames),
      mapSet: Map.prototype.set,
      setAdd: Set.prototype.add,
    },
  };
})`;
