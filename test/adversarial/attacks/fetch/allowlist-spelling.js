// attack: the allowed host in upper case, with a trailing dot, percent-encoded, in full-width letters, with an ideographic dot, and with a Cyrillic look-alike letter
// expect: value ["arrived as api.test:PORT","arrived as api.test:PORT","arrived as api.test:PORT","arrived as api.test:PORT","arrived as api.test:PORT","HTTPBlockedError: http://xn--pi-6kc.test:PORT/x is not in the allowlist"]
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2", "xn--pi-6kc.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 5
// The first five are the same host after normalization and must arrive as api.test (the echo
// shows the Host header the server got); the homograph is another host and must not arrive.
const p = TARGET.port;
const hosts = ['API.TEST', 'api.test.', 'api%2etest', 'ａｐｉ.ｔｅｓｔ', 'api。test', 'аpi.test'];
const out = [];
for (const host of hosts)
  out.push(
    await fetch(`http://${host}:${p}/x`).then(
      async (r) => `arrived as ${(await r.json()).host.replace(String(p), 'PORT')}`,
      (e) => `${e.name}: ${e.message.replace(String(p), 'PORT')}`,
    ),
  );
out;
