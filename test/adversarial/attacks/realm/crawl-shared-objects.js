// attack: walk every object reachable from the realm's globals and from what calling the web API hands out; look for one of Bun's realm that is not frozen, a function constructor that compiles a string, or a door (Bun, process, Bun's global)
// expect: value {"enough": true, "unfrozen": [], "compiled": [], "doors": []}
// In a function: the crawl's own variables are not globals it would walk.
await (async () => {
  'use strict';
  const realmObject = Object.prototype;
  const foreign = (value) => {
    let proto = value;
    for (let i = 0; i < 64 && proto !== null; i++) {
      if (proto === realmObject) return false;
      proto = Object.getPrototypeOf(proto);
    }
    return Object.getPrototypeOf(value) !== null;
  };
  // Instances the web API makes, beside the globals themselves.
  const made = [];
  const collect = async (label, make) => {
    try {
      made.push([label, await make()]);
    } catch (error) {
      made.push([label + '!', error]);
    }
  };
  await collect('response', () => new Response('x'));
  await collect('response.text', () => new Response('x').text());
  await collect('response.json', () => new Response('{"a":[1]}').json());
  await collect('response.body', () => new Response('x').body);
  await collect('response.headers', () => new Response('x').headers);
  await collect('request', () => new Request('http://x/', { method: 'POST', body: 'b' }));
  await collect('headers.entries', () => new Headers({ a: '1' }).entries());
  await collect('url', () => new URL('http://x/?a=1'));
  await collect('url.searchParams', () => new URL('http://x/?a=1').searchParams);
  await collect('searchParams.getAll', () => new URLSearchParams('a=1').getAll('a'));
  await collect('bad url', () => new URL(''));
  await collect('formData.getAll', () => {
    const form = new FormData();
    form.append('a', '1');
    return form.getAll('a');
  });
  await collect('formData.entries', () => new FormData().entries());
  await collect('encoder', () => new TextEncoder().encode('x'));
  await collect('decoderStream', () => new TextDecoderStream());
  await collect('encoderStream', () => new TextEncoderStream());
  await collect('blob', () => new Blob(['x']));
  await collect('blob.arrayBuffer', () => new Blob(['x']).arrayBuffer());
  await collect('blob.stream', () => new Blob(['x']).stream());
  await collect('file', () => new File(['x'], 'f.txt'));
  await collect('abort', () => new AbortController());
  await collect('abort.signal.reason', () => {
    const controller = new AbortController();
    controller.abort();
    return controller.signal.reason;
  });
  await collect('signal.timeout', () => AbortSignal.timeout(1));
  await collect('event', () => new CustomEvent('x', { detail: 1 }));
  await collect('eventTarget', () => new EventTarget());
  await collect('domException', () => new DOMException('m', 'AbortError'));
  await collect('stream.reader', () => new ReadableStream().getReader());
  await collect('stream.values', () => new ReadableStream().values());
  await collect(
    'stream.controller',
    () => new Promise((resolve) => new ReadableStream({ start: resolve })),
  );
  await collect(
    'byte.controller',
    () => new Promise((resolve) => new ReadableStream({ type: 'bytes', start: resolve })),
  );
  await collect('byob.reader', () =>
    new ReadableStream({ type: 'bytes' }).getReader({ mode: 'byob' }),
  );
  await collect('writable.writer', () => new WritableStream().getWriter());
  await collect(
    'writable.controller',
    () => new Promise((resolve) => new WritableStream({ start: resolve })),
  );
  await collect(
    'transform',
    () => new Promise((resolve) => new TransformStream({ start: resolve })),
  );
  await collect('compression', () => new CompressionStream('gzip'));
  await collect('decompression', () => new DecompressionStream('gzip'));
  await collect('strategies', () => [
    new CountQueuingStrategy({ highWaterMark: 1 }),
    new ByteLengthQueuingStrategy({ highWaterMark: 1 }),
  ]);
  await collect('pattern', () => new URLPattern({ pathname: '/u/:id' }).exec('http://x/u/1'));
  await collect('digest', () => crypto.subtle.digest('SHA-256', new Uint8Array(1)));
  await collect('key', () =>
    crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']),
  );
  await collect('random', () => crypto.getRandomValues(new Uint8Array(2)));
  await collect('fetch refused', () => fetch('http://x/'));
  await collect('inspect', () => {
    let caught;
    console.log({
      [Symbol.for('nodejs.util.inspect.custom')]: (_depth, options, inspect) => (
        (caught = [options, inspect]),
        ''
      ),
    });
    return caught;
  });

  const seen = new Set();
  const unfrozen = [];
  const compiled = [];
  const doors = [];
  const constructors = new Set();
  let foreignCount = 0;
  // Shared: reached from the globals, through a prototype link, or a function: the same object for
  // every script of the process. What a call made (a Response, the array getAll returned) is the
  // script's own to change; what it inherits from is not.
  const pending = [
    ['globalThis', globalThis, true],
    ...made.map(([path, value]) => [path, value, false]),
  ];
  while (pending.length > 0) {
    const [path, value, sharedVia] = pending.pop();
    if (
      (typeof value !== 'object' && typeof value !== 'function') ||
      value === null ||
      seen.has(value)
    )
      continue;
    seen.add(value);
    const shared = sharedVia || typeof value === 'function';
    const keys = Reflect.ownKeys(value);
    if (
      keys.includes('Bun') ||
      keys.includes('spawn') ||
      (keys.includes('pid') && keys.includes('exit'))
    )
      doors.push(path);
    if (foreign(value)) {
      foreignCount++;
      if (shared && !Object.isFrozen(value)) unfrozen.push(path);
    }
    if (typeof value === 'function') {
      const ctor = Object.getPrototypeOf(value)?.constructor;
      if (typeof ctor === 'function') constructors.add(ctor);
    }
    pending.push([path + '.__proto__', Object.getPrototypeOf(value), true]);
    for (const key of keys) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      const at = path + '.' + String(key);
      if ('value' in descriptor) pending.push([at, descriptor.value, shared]);
      else pending.push([at + '<get>', descriptor.get, true], [at + '<set>', descriptor.set, true]);
    }
  }
  for (const ctor of constructors) {
    try {
      // Object('…') and the like make no code; only a function made from the string counts.
      if (typeof ctor('return 1') === 'function') compiled.push(ctor.name);
    } catch (error) {
      if (!(error instanceof EvalError)) compiled.push(ctor.name + ' threw ' + error);
    }
  }
  return {
    enough: foreignCount > 300 && constructors.size >= 4,
    unfrozen: unfrozen.slice(0, 20),
    compiled,
    doors,
  };
})();
