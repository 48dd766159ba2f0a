// attack: a regex whose backtracking state grows with a 4-million-character input (~200 MiB)
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
/^(?:(a)|b)*$/.exec('a'.repeat(4e6));
