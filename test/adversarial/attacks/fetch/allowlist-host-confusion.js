// attack: allowlist confusion: suffix, prefix, subdomain, userinfo, and the allowed name hidden in the query, fragment or path of another host
// expect: value ["HTTPBlockedError: http://api.test.evil.test:PORT/ is not in the allowlist","HTTPBlockedError: http://evil-api.test:PORT/ is not in the allowlist","HTTPBlockedError: http://xapi.test:PORT/ is not in the allowlist","HTTPBlockedError: http://a.api.test:PORT/ is not in the allowlist","HTTPBlockedError: http://evil.test:PORT/?api.test is not in the allowlist","HTTPBlockedError: http://evil.test:PORT/#api.test is not in the allowlist","HTTPBlockedError: http://evil.test:PORT/api.test is not in the allowlist","HTTPBlockedError: http://evil.test:PORT/?url=http://api.test:PORT/ is not in the allowlist","HTTPBlockedError: http://evil.test:PORT/#@api.test:PORT/ is not in the allowlist","HTTPBlockedError: http://evil.test:PORT/@api.test:PORT/ is not in the allowlist","HTTPBlockedError: http://127.0.0.2:PORT/ is not in the allowlist","HTTPBlockedError: URLs with a username or password are not allowed"]
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2", "api.test.evil.test": "127.0.0.2", "evil-api.test": "127.0.0.2", "xapi.test": "127.0.0.2", "a.api.test": "127.0.0.2", "evil.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequests": 20}}
// hits: 0
// Every name here resolves to the allowed address 127.0.0.2: only the allowlist stops them.
const p = TARGET.port;
const urls = [
  `http://api.test.evil.test:${p}/`,
  `http://evil-api.test:${p}/`,
  `http://xapi.test:${p}/`,
  `http://a.api.test:${p}/`,
  `http://evil.test:${p}/?api.test`,
  `http://evil.test:${p}/#api.test`,
  `http://evil.test:${p}/api.test`,
  `http://evil.test:${p}/?url=http://api.test:${p}/`,
  `http://evil.test:${p}#@api.test:${p}/`,
  `http://evil.test:${p}\\@api.test:${p}/`,
  `http://127.0.0.2:${p}/`,
];
const out = [];
for (const url of urls)
  out.push(
    await fetch(url).then(
      (r) => `reached ${r.url}`,
      (e) => `${e.name}: ${e.message.replaceAll(String(p), 'PORT')}`,
    ),
  );
out.push(
  await fetch(`http://api.test:${p}@evil.test:${p}/`).then(
    (r) => `reached ${r.url}`,
    (e) => `${e.name}: ${e.message}`,
  ),
);
out;
