// attack: 127.0.0.1 spelled in decimal, hex, octal, short and mixed forms, with every host allowed
// expect: value {"control 127.0.0.2":200,"2130706433":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","0x7f000001":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","0177.0.0.1":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","127.1":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","127.0.1":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","0x7f.1":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","0x7F.0.0.0x1":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","017700000001":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","0177.0x0.00.1":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","127.0.0.1.":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","%31%32%37.0.0.1":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback)","127.255.255.254":"HTTPBlockedError: blockPrivateIps refuses 127.255.255.254 (loopback)"}
// options: {"http": {"denylist": [], "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequests": 20}}
// hits: 1
// Only the private-address step stands between these and the server (denylist mode, nothing
// denied): the control, 127.0.0.2, is exempted by allowedIps and is the one request that arrives.
const hosts = [
  '127.0.0.2',
  '2130706433',
  '0x7f000001',
  '0177.0.0.1',
  '127.1',
  '127.0.1',
  '0x7f.1',
  '0x7F.0.0.0x1',
  '017700000001',
  '0177.0x0.00.1',
  '127.0.0.1.',
  '%31%32%37.0.0.1',
  '127.255.255.254',
];
const out = {};
for (const host of hosts) {
  const key = host === '127.0.0.2' ? 'control 127.0.0.2' : host;
  out[key] = await fetch(`http://${host}:${TARGET.port}/secret`).then(
    (r) => r.status,
    (e) => `${e.name}: ${e.message}`,
  );
}
out;
