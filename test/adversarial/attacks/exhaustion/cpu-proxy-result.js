// attack: the result is a Proxy whose ownKeys trap spins during result encoding
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 1000, "cpuTimeMs": 60000}
new Proxy(
  {},
  {
    ownKeys() {
      for (;;) {}
    },
  },
);
