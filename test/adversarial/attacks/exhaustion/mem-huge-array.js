// attack: one array of doubles grown without end
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
const a = [];
for (let i = 0; ; i++) a.push(i + 0.5);
