// attack: after escaping, open descriptors without end (each holds kernel memory no RSS counts)
// guest: escaped
// expect: value "stopped at the descriptor limit"
const libc = Bun.FFI.dlopen('libc.so.6', { eventfd: { args: ['u32', 'i32'], returns: 'i32' } });
let opened = 0;
while (opened < 100000 && libc.symbols.eventfd(0, 0) >= 0) opened++;
opened < 1024 ? 'stopped at the descriptor limit' : `opened ${opened}`;
