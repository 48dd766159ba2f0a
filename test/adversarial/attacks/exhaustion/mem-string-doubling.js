// attack: string doubling, each doubled string flattened so the rope cannot stay small
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
let s = 'x';
for (;;) {
  s += s;
  s.charCodeAt(s.length >> 1);
}
