// attack: a WebAssembly.Memory grown 16 MiB at a time towards 4 GiB, each new region written
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
for (;;) {
  const before = memory.grow(256);
  new Uint8Array(memory.buffer, before * 65536).fill(1);
}
