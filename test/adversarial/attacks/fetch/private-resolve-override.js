// attack: allowlisted names pinned by the resolve option to loopback, cloud metadata, RFC 1918, CGNAT and ULA addresses
// expect: value {"api.test":200,"lo.internal.test":"HTTPBlockedError: blockPrivateIps refuses 127.0.0.1 (loopback), an address of lo.internal.test","meta.internal.test":"HTTPBlockedError: blockPrivateIps refuses 169.254.169.254 (linkLocal), an address of meta.internal.test","ten.internal.test":"HTTPBlockedError: blockPrivateIps refuses 10.0.0.1 (private), an address of ten.internal.test","cgnat.internal.test":"HTTPBlockedError: blockPrivateIps refuses 100.64.0.1 (carrierGradeNat), an address of cgnat.internal.test","v6.internal.test":"HTTPBlockedError: blockPrivateIps refuses ::1 (loopback), an address of v6.internal.test","mapped.internal.test":"HTTPBlockedError: blockPrivateIps refuses ::ffff:7f00:1 (ipv4Mapped loopback), an address of mapped.internal.test","ula.internal.test":"HTTPBlockedError: blockPrivateIps refuses fd00::1 (uniqueLocal), an address of ula.internal.test","zero.internal.test":"HTTPBlockedError: blockPrivateIps refuses 0.0.0.0 (unspecified), an address of zero.internal.test"}
// options: {"http": {"allowlist": ["api.test", "*.internal.test"], "resolve": {"api.test": "127.0.0.2", "lo.internal.test": "127.0.0.1", "meta.internal.test": "169.254.169.254", "ten.internal.test": "10.0.0.1", "cgnat.internal.test": "100.64.0.1", "v6.internal.test": "::1", "mapped.internal.test": "::ffff:127.0.0.1", "ula.internal.test": "fd00::1", "zero.internal.test": "0.0.0.0"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 1
const names = ['api', 'lo', 'meta', 'ten', 'cgnat', 'v6', 'mapped', 'ula', 'zero'];
const out = {};
for (const name of names) {
  const host = name === 'api' ? 'api.test' : `${name}.internal.test`;
  out[host] = await fetch(`http://${host}:${TARGET.port}/latest/meta-data/`).then(
    (r) => r.status,
    (e) => `${e.name}: ${e.message}`,
  );
}
out;
