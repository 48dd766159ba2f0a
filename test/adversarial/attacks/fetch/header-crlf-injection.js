// attack: header injection: CR, LF and NUL in header values, a header name that smuggles a second header, and 80 KiB of headers
// expect: value {"crlf":"TypeError","lf":"TypeError","cr":"TypeError","nul":"TypeError","split request":"TypeError","name":"TypeError","beyond latin-1":"TypeError","over 64 KiB":"HTTPBlockedError"}
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 0
const attempts = {
  crlf: { 'x-a': 'v\r\nX-Injected: 1' },
  lf: { 'x-a': 'v\nX-Injected: 1' },
  cr: { 'x-a': 'v\rX-Injected: 1' },
  nul: { 'x-a': 'v\0' },
  'split request': { 'x-a': 'v\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: api.test\r\n\r\n' },
  name: { 'x-a: 1\r\nx-b': 'v' },
  'beyond latin-1': { 'x-a': 'v\u010d\u010aX-Injected: 1' },
  'over 64 KiB': { 'x-a': 'a'.repeat(40 * 1024), 'x-b': 'b'.repeat(40 * 1024) },
};
const out = {};
for (const [what, headers] of Object.entries(attempts))
  out[what] = await fetch(`${TARGET.origin}/x`, { headers }).then(
    (r) => `sent ${r.status}`,
    (e) => e.name,
  );
out;
