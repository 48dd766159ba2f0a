// attack: 200 fetches fired at once, past maxRequests (5); the ones past the limit must never be sent
// expect: value {"200":5,"HTTPLimitError: more than maxRequests (5) fetches in one eval":195}
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequests": 5}}
// hits: 5
const results = await Promise.all(
  Array.from({ length: 200 }, (_, i) =>
    fetch(`${TARGET.origin}/n${i}`).then(
      (r) => r.status,
      (e) => `${e.name}: ${e.message}`,
    ),
  ),
);
const counts = {};
for (const result of results) counts[result] = (counts[result] ?? 0) + 1;
counts;
