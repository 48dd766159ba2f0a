// attack: a gzip bomb: 256 KiB on the wire that inflates to 256 MiB, under a 1 MiB maxResponseBytes and a small memoryLimit (the test server builds the bomb on first use, slowly: the time limits are out of the way)
// expect: value "HTTPLimitError: the response body is larger than maxResponseBytes (1048576 bytes)"
// options: {"timeoutMs": 60000, "memoryLimit": "64mb", "http": {"requestTimeoutMs": 60000, "allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxResponseBytes": "1mb"}}
// hits: 1
await fetch(`${TARGET.origin}/gzip-bomb`).then(
  async (r) => `inflated to ${(await r.arrayBuffer()).byteLength} bytes`,
  (e) => `${e.name}: ${e.message}`,
);
