// attack: after escaping, make a file setuid (in an allowWrite directory it would be a root-owned setuid file on the host)
// guest: escaped
// expect: value ["chmod refused", "open refused", "capabilities 0000000000000000"]
const { dlopen, ptr } = Bun.FFI;
const libc = dlopen('libc.so.6', {
  chmod: { args: ['ptr', 'u32'], returns: 'i32' },
  open: { args: ['ptr', 'i32', 'u32'], returns: 'i32' },
});
const c = (s) => ptr(new TextEncoder().encode(s + '\0'));
await Bun.write('/tmp/planted', 'x');
const O_CREAT = 0o100;
const O_WRONLY = 1;
const status = await Bun.file('/proc/self/status').text();
[
  libc.symbols.chmod(c('/tmp/planted'), 0o4755) === 0 ? 'chmod allowed' : 'chmod refused',
  libc.symbols.open(c('/tmp/planted-2'), O_CREAT | O_WRONLY, 0o6755) >= 0
    ? 'open allowed'
    : 'open refused',
  'capabilities ' + /^CapEff:\s*(\S+)/m.exec(status)[1],
];
