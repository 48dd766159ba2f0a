// attack: names the system resolver maps to loopback (localhost in upper case, with a trailing dot)
// expect: value {"localhost":"HTTPBlockedError: true","LOCALHOST":"HTTPBlockedError: true","localhost.":"HTTPBlockedError: true","LocalHost.":"HTTPBlockedError: true"}
// options: {"http": {"denylist": [], "allowedPorts": ["$PORT"]}}
// hits: 0
const hosts = ['localhost', 'LOCALHOST', 'localhost.', 'LocalHost.'];
const out = {};
for (const host of hosts)
  out[host] = await fetch(`http://${host}:${TARGET.port}/secret`).then(
    (r) => r.status,
    (e) =>
      `${e.name}: ${/^blockPrivateIps refuses (127\.0\.0\.1|::1) \(loopback\), an address of localhost$/.test(e.message)}`,
  );
out;
