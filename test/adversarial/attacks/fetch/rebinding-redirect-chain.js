// attack: DNS rebinding as far as a script can go: an allowed host answers, then a redirect chain leads back to loopback through a name the allowlist accepts
// expect: value {"http://rebind.test:PORT/secret":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback), an address of rebind.test","http://REBIND.TEST.:PORT/secret":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback), an address of rebind.test"}
// options: {"http": {"allowlist": ["api.test", "cdn.test", "rebind.test"], "resolve": {"api.test": "127.0.0.2", "cdn.test": "127.0.0.2", "rebind.test": "127.0.0.1"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 4
// Each chain passes two allowed hops (api.test, cdn.test: 2 hits) and must stop at the third:
// rebind.test is allowlisted but pinned to 127.0.0.1, also when spelled REBIND.TEST.
const p = TARGET.port;
const chain = (last) =>
  `${TARGET.origin}/redirect?to=${encodeURIComponent(`http://cdn.test:${p}/redirect?to=${encodeURIComponent(last)}`)}`;
const out = {};
for (const last of [`http://rebind.test:${p}/secret`, `http://REBIND.TEST.:${p}/secret`])
  out[last.replace(String(p), 'PORT')] = await fetch(chain(last)).then(
    (r) => `reached ${r.url}`,
    (e) => `${e.name}: ${e.message}`,
  );
out;
