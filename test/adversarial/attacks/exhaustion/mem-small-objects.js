// attack: millions of small objects, each holding the previous one so nothing can be collected
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
let head = null;
for (let i = 0; ; i++) head = { i, s: 'n' + i, next: head };
