// attack: after escaping, take a new user namespace (and with it every capability inside it)
// guest: escaped
// expect: value "unshare refused"
const libc = Bun.FFI.dlopen('libc.so.6', { unshare: { args: ['i32'], returns: 'i32' } });
const CLONE_NEWUSER = 0x10000000;
libc.symbols.unshare(CLONE_NEWUSER) === 0 ? 'new user namespace' : 'unshare refused';
