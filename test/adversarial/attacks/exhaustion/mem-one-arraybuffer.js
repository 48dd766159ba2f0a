// attack: one 512 MiB ArrayBuffer (granted lazily by the kernel), then every page touched
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
const buffer = new ArrayBuffer(512 * 1024 ** 2);
new Uint8Array(buffer).fill(7);
buffer.byteLength;
