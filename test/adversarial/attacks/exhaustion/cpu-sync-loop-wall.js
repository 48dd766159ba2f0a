// attack: a synchronous infinite loop, with CPU budget to spare: the wall clock ends it
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 1000, "cpuTimeMs": 60000}
for (;;) {}
