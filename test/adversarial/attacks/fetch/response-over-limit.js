// attack: responses one byte over maxResponseBytes and far over it (64 MiB); the one at the limit is the control
// expect: value {"1000":"got 1000 bytes","1001":"HTTPLimitError: the response body is larger than maxResponseBytes (1000 bytes)","67108864":"HTTPLimitError: the response body is larger than maxResponseBytes (1000 bytes)"}
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxResponseBytes": 1000}}
// hits: 3
const out = {};
for (const size of [1000, 1001, 64 * 1024 * 1024])
  out[size] = await fetch(`${TARGET.origin}/big?size=${size}`).then(
    async (r) => `got ${(await r.arrayBuffer()).byteLength} bytes`,
    (e) => `${e.name}: ${e.message}`,
  );
out;
