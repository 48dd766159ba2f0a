/** Scripts that grow memory without end, each a different way: every one must meet MemoryLimitError. */
export const MEMORY_BOMBS: Readonly<Record<string, string>> = {
  'one growing string array': 'const a = []; for (let i = 0; ; i++) a.push("x".repeat(1000) + i)',
  'millions of small objects': 'const a = []; for (let i = 0; ; i++) a.push({ i, j: i + 1 })',
  'typed arrays': 'const a = []; for (;;) a.push(new Uint8Array(1 << 20).fill(1))',
  'one 400 MB buffer': 'new Uint8Array(400 * 1024 * 1024).fill(1).length',
  'string doubling': 'let s = "x"; for (;;) s += s',
  'a Map of arrays': 'const m = new Map(); for (let i = 0; ; i++) m.set(i, [i])',
};
