// attack: one Float64Array of 1 MiB after another, each filled so its pages are real
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
const keep = [];
for (;;) keep.push(new Float64Array(1 << 17).fill(Math.PI));
