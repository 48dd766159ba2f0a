// attack: an endless promise chain: every turn queues the next microtask, the event loop never gets a turn
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 1000, "cpuTimeMs": 60000, "memoryLimit": "1gb"}
const spin = () => Promise.resolve().then(spin);
spin();
await new Promise(() => {});
