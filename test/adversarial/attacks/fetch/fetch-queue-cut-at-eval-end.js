// attack: 40 slow drips at once: 32 run and 8 wait their turn; when the eval's timeoutMs ends it, none may start or go on
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 4000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "requestTimeoutMs": 60000, "maxRequests": 40}}
// hits: 32
await Promise.all(
  Array.from({ length: 40 }, (_, i) => fetch(`${TARGET.origin}/drip?n=${i}`).then((r) => r.text())),
);
