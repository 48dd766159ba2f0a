// attack: after escaping the realm, a binary fork bomb in /bin/sh (10 levels, up to 2047 shells, each sleeping)
// guest: escaped
// expect: error SandboxError PROCESS_LIMIT
// options: {"timeoutMs": 30000}
const bomb = 'b() { if [ "$1" -gt 0 ]; then b $(($1 - 1)) & b $(($1 - 1)) & fi; sleep 30; }; b 10';
Bun.spawn(['/bin/sh', '-c', bomb], { stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' });
await Bun.sleep(20000);
('the bomb went unnoticed');
