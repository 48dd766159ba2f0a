// attack: request bodies over maxRequestBytes (a string, a typed array, a Blob, a form, and a multi-byte string under 1000 characters) must be refused before anything is sent
// expect: value {"string":"HTTPLimitError: the request body (1001 bytes) is larger than maxRequestBytes (1000)","bytes":"HTTPLimitError: the request body (1001 bytes) is larger than maxRequestBytes (1000)","blob":"HTTPLimitError: the request body (1001 bytes) is larger than maxRequestBytes (1000)","form":"HTTPLimitError: the request body (1003 bytes) is larger than maxRequestBytes (1000)","multi-byte":"HTTPLimitError: the request body (1002 bytes) is larger than maxRequestBytes (1000)"}
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequestBytes": 1000}}
// hits: 0
const big = 'x'.repeat(1001);
const bodies = {
  string: big,
  bytes: new Uint8Array(1001),
  blob: new Blob(['y'.repeat(500), new Uint8Array(501)]),
  form: new URLSearchParams({ a: big }),
  'multi-byte': '\u20ac'.repeat(334),
};
const out = {};
for (const [kind, body] of Object.entries(bodies))
  out[kind] = await fetch(`${TARGET.origin}/upload`, { method: 'POST', body }).then(
    (r) => `sent ${r.status}`,
    (e) => `${e.name}: ${e.message}`,
  );
out;
