// attack: after escaping, signal every process it can see (kill -1) and pid 1
// guest: escaped
// expect: value [0, -1]
const libc = Bun.FFI.dlopen('libc.so.6', { kill: { args: ['i32', 'i32'], returns: 'i32' } });
[libc.symbols.kill(1, 9), libc.symbols.kill(-1, 15)];
