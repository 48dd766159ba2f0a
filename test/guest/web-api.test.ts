/**
 * The guest realm offers WinterTC's Minimum Common Web Platform API, and each part works — under
 * the hardening of Bun's realm (test/adversarial/attacks/realm/).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { run } from '../../src/index.js';
import { loopbackPolicy, reply, startServer, type TestServer } from '../broker/servers.js';

const INTERFACES = [
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
  'WebAssembly.Global',
  'WebAssembly.Instance',
  'WebAssembly.Memory',
  'WebAssembly.Module',
  'WebAssembly.Table',
  'WritableStream',
  'WritableStreamDefaultController',
  'WritableStreamDefaultWriter',
];

const FUNCTIONS = [
  'atob',
  'btoa',
  'fetch',
  'queueMicrotask',
  'reportError',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'structuredClone',
  'performance.now',
  'crypto.getRandomValues',
  'crypto.randomUUID',
  'crypto.subtle.digest',
  'console.log',
  'WebAssembly.compile',
  'WebAssembly.compileStreaming',
  'WebAssembly.instantiate',
  'WebAssembly.instantiateStreaming',
  'WebAssembly.validate',
];

/** A module exporting add(a, b), as bytes. */
const ADD_WASM =
  '0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b';
const wasmBytes = `Uint8Array.from(${JSON.stringify(ADD_WASM)}.match(/../g), (h) => parseInt(h, 16))`;

describe('WinterTC Minimum Common API', () => {
  test('every interface and global function is there', async () => {
    const lookup = (names: string[]) =>
      `${JSON.stringify(names)}.filter((path) => typeof path.split(".").reduce((o, k) => o?.[k], globalThis) !== "function")`;
    assert.deepEqual((await run(lookup(INTERFACES))).value, []);
    assert.deepEqual((await run(lookup(FUNCTIONS))).value, []);
    const globals = await run(
      '[navigator.userAgent, self === globalThis, typeof performance.timeOrigin, crypto instanceof Crypto, crypto.subtle instanceof SubtleCrypto]',
    );
    assert.deepEqual(globals.value, ['bunker', true, 'number', true, true]);
  });

  test('a Response built from a ReadableStream', async () => {
    const code = `const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("he")); c.enqueue(new TextEncoder().encode("llo")); c.close(); } });
      await new Response(stream).text()`;
    assert.equal((await run(code)).value, 'hello');
  });

  test('a gzip round trip through CompressionStream and DecompressionStream', async () => {
    const code = `const text = "bunker ".repeat(100);
      const gz = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
      const back = await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
      [new Uint8Array(gz)[0], new Uint8Array(gz)[1], gz.byteLength < 100, back === text]`;
    assert.deepEqual((await run(code)).value, [0x1f, 0x8b, true, true]);
  });

  test('crypto.subtle digest and HMAC sign', async () => {
    const code = `const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
      const enc = new TextEncoder();
      const key = await crypto.subtle.importKey("raw", enc.encode("key"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      [hex(await crypto.subtle.digest("SHA-256", enc.encode("abc"))),
       hex(await crypto.subtle.sign("HMAC", key, enc.encode("The quick brown fox jumps over the lazy dog"))),
       key instanceof CryptoKey]`;
    assert.deepEqual((await run(code)).value, [
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
      true,
    ]);
  });

  test('URLPattern.exec', async () => {
    const code = `const m = new URLPattern({ pathname: "/users/:id/posts/:post" }).exec("https://x.test/users/7/posts/42");
      [m.pathname.groups.id, m.pathname.groups.post, new URLPattern({ pathname: "/a" }).exec("https://x.test/b")]`;
    assert.deepEqual((await run(code)).value, ['7', '42', null]);
  });

  test('EventTarget dispatch, CustomEvent detail, once listeners', async () => {
    const code = `const target = new EventTarget(); const seen = [];
      target.addEventListener("ping", (e) => seen.push(e.type + ":" + e.detail));
      target.addEventListener("ping", () => seen.push("once"), { once: true });
      target.dispatchEvent(new CustomEvent("ping", { detail: 1 }));
      target.dispatchEvent(new CustomEvent("ping", { detail: 2 }));
      const e = new Event("x", { cancelable: true }); e.preventDefault();
      [...seen, e.defaultPrevented]`;
    assert.deepEqual((await run(code)).value, ['ping:1', 'once', 'ping:2', true]);
  });

  test('FormData with repeated keys, and a File in it', async () => {
    const code = `const form = new FormData(); form.append("tag", "a"); form.append("tag", "b");
      form.append("upload", new File(["data"], "f.txt", { type: "text/plain" }));
      const file = form.get("upload");
      [form.getAll("tag"), [...form.keys()], file.name, await file.text()]`;
    assert.deepEqual((await run(code)).value, [
      ['a', 'b'],
      ['tag', 'tag', 'upload'],
      'f.txt',
      'data',
    ]);
  });

  test('text streams, a TransformStream, a writer, a BYOB reader', async () => {
    const code = `const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
      const text = await new Response(new Blob(["héllo"]).stream().pipeThrough(new TextDecoderStream()).pipeThrough(upper).pipeThrough(new TextEncoderStream())).text();
      const written = []; const writer = new WritableStream({ write(chunk) { written.push(chunk); } }).getWriter();
      await writer.write("a"); await writer.write("b"); await writer.close();
      const bytes = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.close(); } });
      const { value } = await bytes.getReader({ mode: "byob" }).read(new Uint8Array(8));
      [text, written, Array.from(value)]`;
    assert.deepEqual((await run(code)).value, ['HÉLLO', ['a', 'b'], [1, 2, 3]]);
  });

  test('AbortSignal, DOMException, structuredClone, queueMicrotask, atob/btoa', async () => {
    const code = `const controller = new AbortController(); controller.abort();
      const reason = controller.signal.reason;
      const order = []; queueMicrotask(() => order.push("micro")); await null;
      [reason instanceof DOMException, reason.name, new DOMException("m", "NotFoundError").code,
       structuredClone(new Map([[1, { a: 2 }]])).get(1).a, order[0], atob(btoa("bunker")),
       await new Promise((r) => AbortSignal.timeout(10).addEventListener("abort", (e) => r(e.target.reason.name)))]`;
    assert.deepEqual((await run(code)).value, [
      true,
      'AbortError',
      8,
      2,
      'micro',
      'bunker',
      'TimeoutError',
    ]);
  });

  test('reportError counts as an uncaught error of the eval', async () => {
    await assert.rejects(run('reportError(new TypeError("reported")); "after"'), {
      name: 'JavaScriptError',
      code: 'JAVASCRIPT_ERROR',
      message: 'TypeError: reported',
    });
  });

  test('WebAssembly compiles only with allowEval; validate and the classes work either way', async () => {
    const code = `const bytes = ${wasmBytes};
      const outcome = async (f) => { try { return await f(); } catch (e) { return e.name; } };
      [WebAssembly.validate(bytes), new WebAssembly.Memory({ initial: 1 }).buffer.byteLength,
       await outcome(async () => (await WebAssembly.instantiate(bytes)).instance.exports.add(2, 3)),
       await outcome(async () => (await WebAssembly.instantiateStreaming(new Response(bytes, { headers: { "content-type": "application/wasm" } }))).instance.exports.add(4, 5)),
       await outcome(async () => new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.add(1, 1))]`;
    const off = (await run(code)).value as unknown[];
    assert.deepEqual(off.slice(0, 2), [true, 65536]);
    assert.deepEqual(off.slice(2), ['CompileError', 'CompileError', 'CompileError']);
    assert.deepEqual((await run(code, { allowEval: true })).value, [true, 65536, 5, 9, 2]);
  });

  describe('fetch', () => {
    let server: TestServer;
    before(async () => {
      server = await startServer((_req, res) => reply(res, 200, {}, 'streamed body'));
    });
    after(() => server.close());

    test("a fetched response's body read as a stream", async () => {
      const code = `const response = await fetch("http://api.test:${server.port}/");
        const reader = response.body.getReader(); const decoder = new TextDecoder(); let text = "";
        for (;;) { const { done, value } = await reader.read(); if (done) break; text += decoder.decode(value, { stream: true }); }
        [response.body instanceof ReadableStream, text]`;
      const result = await run(code, { http: loopbackPolicy(server.port) });
      assert.deepEqual(result.value, [true, 'streamed body']);
    });
  });
});
