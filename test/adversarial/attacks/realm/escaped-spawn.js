// attack: escape to Bun through a host-realm object, then spawn a process
// expect: error SandboxError PROCESS_LIMIT
const Bun = URL.constructor.constructor('return Bun')();
Bun.spawn(['/bin/sleep', '5']);
await new Promise((resolve) => setTimeout(resolve, 3000));
