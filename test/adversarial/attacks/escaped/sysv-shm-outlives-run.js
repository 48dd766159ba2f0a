// attack: after escaping, create a SysV shared memory segment, which would outlive the sandbox and count in no RSS
// guest: escaped
// expect: value "shmget refused"
// then: const libc = Bun.FFI.dlopen('libc.so.6', { shmget: { args: ['i32', 'u64', 'i32'], returns: 'i32' } }); libc.symbols.shmget(0x42554e4b, 0, 0) >= 0 ? 'survived the run' : 'gone';
// then-expect: value "gone"
const libc = Bun.FFI.dlopen('libc.so.6', {
  shmget: { args: ['i32', 'u64', 'i32'], returns: 'i32' },
});
// key "BUNK", 1 MiB, IPC_CREAT | 0600
libc.symbols.shmget(0x42554e4b, 1 << 20, 0o1000 | 0o600) >= 0 ? 'created' : 'shmget refused';
