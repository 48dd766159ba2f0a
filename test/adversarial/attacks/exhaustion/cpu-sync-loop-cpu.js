// attack: a synchronous infinite loop under a CPU budget far below the wall clock
// expect: error TimeoutError CPU_TIMEOUT
// message: cpuTimeMs \(500 ms\)
// options: {"timeoutMs": 30000, "cpuTimeMs": 500}
for (;;) {}
