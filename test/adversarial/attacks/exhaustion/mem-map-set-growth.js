// attack: a Map and a Set grown together without end (hash tables rehash and double)
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
const map = new Map();
const set = new Set();
for (let i = 0; ; i++) {
  map.set('k' + i, i);
  set.add(i + 0.25);
}
