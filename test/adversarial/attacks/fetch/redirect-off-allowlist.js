// attack: an allowed host redirects to a host outside the allowlist, to a look-alike host, and to a port outside allowedPorts, all on an allowed address
// expect: value ["HTTPBlockedError: http://evil.test:PORT/ is not in the allowlist","HTTPBlockedError: http://api.test.evil.test:PORT/ is not in the allowlist","HTTPBlockedError: URLs with a username or password are not allowed","HTTPBlockedError: port PORT+1 is not in allowedPorts"]
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2", "evil.test": "127.0.0.2", "api.test.evil.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 4
const p = TARGET.port;
const targets = [
  `http://evil.test:${p}/`,
  `http://api.test.evil.test:${p}/`,
  `http://api.test@evil.test:${p}/`,
  `http://api.test:${p + 1}/`,
];
const out = [];
for (const to of targets)
  out.push(
    await fetch(`${TARGET.origin}/redirect?to=${encodeURIComponent(to)}`).then(
      (r) => `reached ${r.url}`,
      (e) =>
        `${e.name}: ${e.message.replaceAll(String(p), 'PORT').replaceAll(String(p + 1), 'PORT+1')}`,
    ),
  );
out;
