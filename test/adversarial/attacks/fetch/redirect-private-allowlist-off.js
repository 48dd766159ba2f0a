// attack: with every host allowed (denylist mode), a redirect to loopback must still meet the private-address check
// expect: value ["HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","HTTPBlockedError: blockPrivateIps refuses ::ffff:7f00:1 (ipv4Mapped loopback)","HTTPBlockedError: blockPrivateIps refuses 0.0.0.0 (unspecified)"]
// options: {"http": {"denylist": [], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 3
const p = TARGET.port;
const out = [];
for (const to of [
  `http://127.0.0.1:${p}/`,
  `http://[::ffff:127.0.0.1]:${p}/`,
  `http://0.0.0.0:${p}/`,
])
  out.push(
    await fetch(`${TARGET.origin}/redirect?to=${encodeURIComponent(to)}`).then(
      (r) => `reached ${r.status}`,
      (e) => `${e.name}: ${e.message}`,
    ),
  );
out;
