// attack: a 5 s drip with requestTimeoutMs far away; the eval's own timeoutMs must end it and cut the request
// expect: error TimeoutError WALL_TIMEOUT
// options: {"timeoutMs": 2000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "requestTimeoutMs": 60000}}
// hits: 1
await fetch(`${TARGET.origin}/drip`).then((r) => r.text());
