// attack: after escaping the realm, spawnSync of a shell that burns CPU (its CPU time is not the guest's until it is reaped)
// guest: escaped
// expect: error SandboxError PROCESS_LIMIT
// options: {"timeoutMs": 20000, "cpuTimeMs": 60000}
Bun.spawnSync(['/bin/sh', '-c', 'while :; do :; done']);
('the child went unnoticed');
