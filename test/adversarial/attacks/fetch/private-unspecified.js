// attack: the unspecified addresses 0.0.0.0 and [::], which Linux connects to the local host
// expect: value {"0":"HTTPBlockedError: blockPrivateIps refuses 0.0.0.0 (unspecified)","0.0.0.0":"HTTPBlockedError: blockPrivateIps refuses 0.0.0.0 (unspecified)","0x0":"HTTPBlockedError: blockPrivateIps refuses 0.0.0.0 (unspecified)","0.0":"HTTPBlockedError: blockPrivateIps refuses 0.0.0.0 (unspecified)","[::]":"HTTPBlockedError: blockPrivateIps refuses :: (unspecified)","[0:0:0:0:0:0:0:0]":"HTTPBlockedError: blockPrivateIps refuses :: (unspecified)","[::ffff:0.0.0.0]":"HTTPBlockedError: blockPrivateIps refuses ::ffff:0:0 (ipv4Mapped unspecified)"}
// options: {"http": {"denylist": [], "allowedPorts": ["$PORT"]}}
// hits: 0
const hosts = ['0.0.0.0', '0', '0x0', '0.0', '[::]', '[0:0:0:0:0:0:0:0]', '[::ffff:0.0.0.0]'];
const out = {};
for (const host of hosts)
  out[host] = await fetch(`http://${host}:${TARGET.port}/secret`).then(
    (r) => r.status,
    (e) => `${e.name}: ${e.message}`,
  );
out;
