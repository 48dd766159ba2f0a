// attack: compile a string through the Function constructor behind every web class of Bun's realm (Class.constructor, Class.prototype.method.constructor)
// expect: value []
const names = [
  'AbortController',
  'AbortSignal',
  'Blob',
  'ByteLengthQueuingStrategy',
  'CompressionStream',
  'CountQueuingStrategy',
  'Crypto',
  'CryptoKey',
  'CustomEvent',
  'DecompressionStream',
  'DOMException',
  'Event',
  'EventTarget',
  'File',
  'FormData',
  'Headers',
  'ReadableByteStreamController',
  'ReadableStream',
  'ReadableStreamBYOBReader',
  'ReadableStreamBYOBRequest',
  'ReadableStreamDefaultController',
  'ReadableStreamDefaultReader',
  'Request',
  'Response',
  'SubtleCrypto',
  'TextDecoder',
  'TextDecoderStream',
  'TextEncoder',
  'TextEncoderStream',
  'TransformStream',
  'TransformStreamDefaultController',
  'URL',
  'URLPattern',
  'URLSearchParams',
  'WritableStream',
  'WritableStreamDefaultController',
  'WritableStreamDefaultWriter',
];
const compiled = [];
for (const name of names) {
  const C = globalThis[name];
  const doors = [
    C.constructor,
    ...Object.getOwnPropertyNames(C.prototype).map((key) => {
      const d = Object.getOwnPropertyDescriptor(C.prototype, key);
      return (d.value ?? d.get)?.constructor;
    }),
  ];
  for (const door of doors) {
    // Only the function constructors: a constant's Number('…') compiles nothing.
    if (typeof door !== 'function' || !/Function$/.test(door.name)) continue;
    try {
      door('return Bun')();
      compiled.push(name);
    } catch (error) {
      if (!(error instanceof EvalError)) compiled.push(`${name}: ${error}`);
    }
  }
}
compiled;
