// attack: a fetch aborted while 32 others hold every broker slot: it must be answered as aborted, never looked up or sent
// expect: value "AbortError"
// options: {"http": {"allowlist": ["api.test", "never-resolved.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequests": 40, "requestTimeoutMs": 3000}}
// hits: 32
const holds = Array.from({ length: 32 }, (_, i) =>
  fetch(`${TARGET.origin}/drip?n=${i}`)
    .then((r) => r.text())
    .catch(() => 'cut'),
);
const controller = new AbortController();
const queued = fetch(`http://never-resolved.test:${TARGET.port}/`, { signal: controller.signal });
controller.abort();
const outcome = await queued.then(
  () => 'fetched',
  (e) => e.name,
);
await Promise.all(holds);
outcome;
