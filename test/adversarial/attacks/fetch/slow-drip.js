// attack: a response that drips one byte every 50 ms for 5 s; requestTimeoutMs must cut it and the eval must go on
// expect: value ["HTTPError: the request took longer than requestTimeoutMs (500 ms)","the eval went on"]
// options: {"timeoutMs": 4000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "requestTimeoutMs": 500}}
// hits: 1
const first = await fetch(`${TARGET.origin}/drip`).then(
  async (r) => `read the whole drip: ${(await r.text()).length} bytes`,
  (e) => `${e.name}: ${e.message}`,
);
[first, 'the eval went on'];
