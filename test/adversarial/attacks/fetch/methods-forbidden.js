// attack: CONNECT, TRACE and methods left out of allowedMethods (OPTIONS, and DELETE here)
// expect: value {"CONNECT":"HTTPBlockedError: method CONNECT is not in allowedMethods","TRACE":"HTTPBlockedError: method TRACE is not in allowedMethods","OPTIONS":"HTTPBlockedError: method OPTIONS is not in allowedMethods","DELETE":"HTTPBlockedError: method DELETE is not in allowedMethods","delete":"HTTPBlockedError: method DELETE is not in allowedMethods","PATCH":"HTTPBlockedError: method PATCH is not in allowedMethods"}
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "allowedMethods": ["GET", "POST"]}}
// hits: 0
const out = {};
for (const method of ['CONNECT', 'TRACE', 'OPTIONS', 'DELETE', 'delete', 'PATCH'])
  out[method] = await fetch(`${TARGET.origin}/x`, { method }).then(
    (r) => `sent ${r.status}`,
    (e) => `${e.name}: ${e.message}`,
  );
out;
