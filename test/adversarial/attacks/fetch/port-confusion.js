// attack: port confusion: default ports, the neighbouring port, an out-of-range port that would wrap, a second port after the first, and leading zeros
// expect: value ["HTTPBlockedError: port 80 is not in allowedPorts","HTTPBlockedError: port 443 is not in allowedPorts","HTTPBlockedError: port PORT+1 is not in allowedPorts","TypeError: Failed to construct 'Request': Invalid URL \"http://api.test:PORT+65536/\"","TypeError: Failed to construct 'Request': Invalid URL \"http://api.test:PORT+1:PORT/\"","arrived as api.test:PORT"]
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 1
// Only the last URL names the allowed port (as 0PORT, which every parser reads as PORT).
const p = TARGET.port;
const urls = [
  `http://api.test/`,
  `https://api.test/`,
  `http://api.test:${p + 1}/`,
  `http://api.test:${p + 65536}/`,
  `http://api.test:${p + 1}:${p}/`,
  `http://api.test:00${p}/`,
];
const out = [];
for (const url of urls)
  out.push(
    await fetch(url).then(
      async (r) => `arrived as ${(await r.json()).host.replace(String(p), 'PORT')}`,
      (e) =>
        `${e.name}: ${e.message
          .replaceAll(String(p + 65536), 'PORT+65536')
          .replaceAll(String(p + 1), 'PORT+1')
          .replaceAll(String(p), 'PORT')}`,
    ),
  );
out;
