// attack: an object nested deeper and deeper without end (no recursion: a loop builds it)
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
let o = {};
for (;;) o = { o, a: [o] };
