// attack: after escaping, start a new session: the kernel would give it a scheduling group of its own, weighed like the host's (host/priority.ts), and fifty of them starved the host
// guest: escaped
// expect: value "setsid refused"
const libc = Bun.FFI.dlopen('libc.so.6', {
  getpid: { args: [], returns: 'i32' },
  getpgrp: { args: [], returns: 'i32' },
  setsid: { args: [], returns: 'i32' },
});
// A process group leader cannot start a session anyway: then this attack would prove nothing.
if (libc.symbols.getpgrp() === libc.symbols.getpid()) throw new Error('the guest leads its group');
libc.symbols.setsid() === -1 ? 'setsid refused' : 'new session';
