// attack: an allowed host redirects (302) to loopback in several spellings, and to cloud metadata
// expect: value {"http://127.0.0.1:PORT/secret":"HTTPBlockedError","http://2130706433:PORT/secret":"HTTPBlockedError","http://[::1]:PORT/secret":"HTTPBlockedError","http://localhost:PORT/secret":"HTTPBlockedError","http://169.254.169.254:PORT/latest/meta-data/":"HTTPBlockedError"}
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 5
// The five redirect hops reach the server; none of the targets may.
const p = TARGET.port;
const targets = [
  `http://127.0.0.1:${p}/secret`,
  `http://2130706433:${p}/secret`,
  `http://[::1]:${p}/secret`,
  `http://localhost:${p}/secret`,
  `http://169.254.169.254:${p}/latest/meta-data/`,
];
const out = {};
for (const to of targets)
  out[to.replace(String(p), 'PORT')] = await fetch(
    `${TARGET.origin}/redirect?to=${encodeURIComponent(to)}`,
  ).then(
    (r) => `reached ${r.status}`,
    (e) => e.name,
  );
out;
