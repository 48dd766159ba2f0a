// attack: after escaping, mount a fresh tmpfs the watchdog does not measure and fill it
// guest: escaped
// expect: value "mount refused"
// options: {"memoryLimit": "32mb"}
const { dlopen, ptr } = Bun.FFI;
const libc = dlopen('libc.so.6', {
  mkdir: { args: ['ptr', 'u32'], returns: 'i32' },
  mount: { args: ['ptr', 'ptr', 'ptr', 'u64', 'ptr'], returns: 'i32' },
});
const c = (s) => ptr(new TextEncoder().encode(s + '\0'));
libc.symbols.mkdir(c('/tmp/hoard'), 0o755);
libc.symbols.mount(c('tmpfs'), c('/tmp/hoard'), c('tmpfs'), 0, null) === 0
  ? 'mounted'
  : 'mount refused';
