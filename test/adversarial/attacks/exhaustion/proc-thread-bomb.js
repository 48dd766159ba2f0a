// attack: after escaping, start threads without end through libc (threads are not processes, but each takes one of the machine's pids)
// guest: escaped
// expect: error SandboxError PROCESS_LIMIT
// message: ^the guest runs \d+ threads, limit \d+; scripts may not start processes or threads, nor raise their priority$
// options: {"timeoutMs": 30000, "memoryLimit": "1gb"}
const libc = Bun.FFI.dlopen('libc.so.6', {
  dlsym: { args: ['ptr', 'ptr'], returns: 'ptr' },
  pthread_create: { args: ['ptr', 'ptr', 'ptr', 'ptr'], returns: 'i32' },
}).symbols;
const pause = libc.dlsym(null, new TextEncoder().encode('pause\0'));
const tid = new BigUint64Array(1);
for (let i = 0; i < 2000; i++) libc.pthread_create(tid, null, pause, null);
await new Promise((resolve) => setTimeout(resolve, 5000));
('threads parked');
