// attack: loopback, metadata and RFC 1918 addresses wrapped in IPv6: IPv4-mapped, NAT64, 6to4, IPv4-compatible, Teredo
// expect: value {"[::ffff:127.0.0.2]":200,"[::ffff:127.0.0.1]":"HTTPBlockedError: blockPrivateIps refuses ::ffff:7f00:1 (ipv4Mapped loopback)","[::ffff:7f00:1]":"HTTPBlockedError: blockPrivateIps refuses ::ffff:7f00:1 (ipv4Mapped loopback)","[0:0:0:0:0:ffff:127.0.0.1]":"HTTPBlockedError: blockPrivateIps refuses ::ffff:7f00:1 (ipv4Mapped loopback)","[::ffff:169.254.169.254]":"HTTPBlockedError: blockPrivateIps refuses ::ffff:a9fe:a9fe (ipv4Mapped linkLocal)","[::ffff:10.0.0.1]":"HTTPBlockedError: blockPrivateIps refuses ::ffff:a00:1 (ipv4Mapped private)","[64:ff9b::127.0.0.1]":"HTTPBlockedError: blockPrivateIps refuses 64:ff9b::7f00:1 (rfc6052 loopback)","[64:ff9b::7f00:2]":"HTTPBlockedError: blockPrivateIps refuses 64:ff9b::7f00:2 (rfc6052 loopback)","[64:ff9b:1::7f00:1]":"HTTPBlockedError: blockPrivateIps refuses 64:ff9b:1::7f00:1 (rfc6052)","[2002:7f00:1::]":"HTTPBlockedError: blockPrivateIps refuses 2002:7f00:1:: (6to4 loopback)","[2002:7f00:2::1]":"HTTPBlockedError: blockPrivateIps refuses 2002:7f00:2::1 (6to4 loopback)","[2002:a9fe:a9fe::]":"HTTPBlockedError: blockPrivateIps refuses 2002:a9fe:a9fe:: (6to4 linkLocal)","[::127.0.0.1]":"HTTPBlockedError: blockPrivateIps refuses ::7f00:1 (not global unicast)","[2001:0:4136:e378:8000:63bf:80ff:fffe]":"HTTPBlockedError: blockPrivateIps refuses 2001:0:4136:e378:8000:63bf:80ff:fffe (teredo)"}
// options: {"http": {"denylist": [], "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequests": 20}}
// hits: 1
// The control, ::ffff:127.0.0.2, is exempted through the IPv4 inside it and must arrive.
const hosts = [
  '[::ffff:127.0.0.2]',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[0:0:0:0:0:ffff:127.0.0.1]',
  '[::ffff:169.254.169.254]',
  '[::ffff:10.0.0.1]',
  '[64:ff9b::127.0.0.1]',
  '[64:ff9b::7f00:2]',
  '[64:ff9b:1::7f00:1]',
  '[2002:7f00:1::]',
  '[2002:7f00:2::1]',
  '[2002:a9fe:a9fe::]',
  '[::127.0.0.1]',
  '[2001:0:4136:e378:8000:63bf:80ff:fffe]',
];
const out = {};
for (const host of hosts)
  out[host] = await fetch(`http://${host}:${TARGET.port}/secret`).then(
    (r) => r.status,
    (e) => `${e.name}: ${e.message}`,
  );
out;
