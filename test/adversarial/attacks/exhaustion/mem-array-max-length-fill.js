// attack: Array(2 ** 32 - 1).fill(0): the largest array length, every element made real
// expect: error MemoryLimitError MEMORY_LIMIT
// options: {"timeoutMs": 60000}
Array(2 ** 32 - 1).fill(0).length;
