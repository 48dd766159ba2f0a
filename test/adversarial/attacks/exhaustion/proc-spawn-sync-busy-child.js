// attack: after escaping the realm, spawnSync of a shell that burns CPU (its CPU time is not the guest's until it is reaped)
// expect: error SandboxError PROCESS_LIMIT
// options: {"timeoutMs": 20000, "cpuTimeMs": 60000}
const Bun = URL.constructor.constructor('return Bun')();
Bun.spawnSync(['/bin/sh', '-c', 'while :; do :; done']);
('the child went unnoticed');
