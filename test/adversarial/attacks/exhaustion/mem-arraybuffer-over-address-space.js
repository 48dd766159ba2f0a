// attack: one ArrayBuffer larger than the sandbox's address-space backstop (8 GiB)
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 30000}
new Uint8Array(8 * 1024 ** 3).fill(1).length;
