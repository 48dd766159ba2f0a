// attack: the IPv6 loopback in its long, zero-padded and compressed spellings
// expect: value ["HTTPBlockedError: blockPrivateIps refuses ::1 (loopback)","HTTPBlockedError: blockPrivateIps refuses ::1 (loopback)","HTTPBlockedError: blockPrivateIps refuses ::1 (loopback)","HTTPBlockedError: blockPrivateIps refuses ::1 (loopback)"]
// options: {"http": {"denylist": [], "allowedPorts": ["$PORT"]}}
// hits: 0
const hosts = ['[::1]', '[0:0:0:0:0:0:0:1]', '[0000:0000::0001]', '[::0:0:1]'];
const out = [];
for (const host of hosts)
  out.push(
    await fetch(`http://${host}:${TARGET.port}/secret`).then(
      (r) => r.status,
      (e) => `${e.name}: ${e.message}`,
    ),
  );
out;
