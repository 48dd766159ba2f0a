// attack: the result has a getter that spins, so the loop runs while the guest encodes the result
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 1000, "cpuTimeMs": 60000}
({
  ok: 1,
  get spin() {
    for (;;) {}
  },
});
