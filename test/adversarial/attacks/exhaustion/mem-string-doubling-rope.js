// attack: string doubling left as a rope until the engine's length limit
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
let s = 'x';
for (;;) s += s;
