// attack: an empty body labelled gzip (also on a redirect) and a 101 Switching Protocols to a plain GET: each must end at once, not fail to decode or wait for requestTimeoutMs
// expect: value ["", "redirected: ", "HTTPError: http://api.test:PORT answered 101 Switching Protocols to a request that asked for no upgrade"]
// options: {"timeoutMs": 3000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "requestTimeoutMs": 60000}}
// hits: 4
const p = String(TARGET.port);
[
  await fetch(`${TARGET.origin}/empty-gzip`).then((r) => r.text()),
  await fetch(`${TARGET.origin}/empty-gzip?to=/empty-gzip`).then(
    async (r) => `redirected: ${await r.text()}`,
  ),
  await fetch(`${TARGET.origin}/switch`).then(
    (r) => `status ${r.status}`,
    (e) => `${e.name}: ${e.message.replace(p, 'PORT')}`,
  ),
];
