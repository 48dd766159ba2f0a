// attack: after escaping the realm, spawns processes in an endless loop
// guest: escaped
// expect: error SandboxError PROCESS_LIMIT
// options: {"timeoutMs": 20000, "memoryLimit": "256mb"}
for (;;) {
  try {
    Bun.spawn(['/bin/sleep', '30'], { stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' });
  } catch {
    // EAGAIN and the like: keep going
  }
}
