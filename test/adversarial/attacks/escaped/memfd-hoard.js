// attack: after escaping, hold memory in a memfd (kernel shmem, counted in no RSS): memfd_create
// guest: escaped
// expect: value "memfd_create refused, errno 1"
// options: {"memoryLimit": "32mb"}
const { dlopen } = Bun.FFI;
const libc = dlopen('libc.so.6', {
  memfd_create: { args: ['cstring', 'u32'], returns: 'i32' },
  __errno_location: { args: [], returns: 'ptr' },
});
const fd = libc.symbols.memfd_create(Bun.FFI.ptr(new TextEncoder().encode('hoard\0')), 0);
fd >= 0
  ? `memfd_create gave fd ${fd}`
  : `memfd_create refused, errno ${Bun.FFI.read.i32(libc.symbols.__errno_location(), 0)}`;
