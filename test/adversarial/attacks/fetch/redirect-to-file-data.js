// attack: an allowed host redirects to file:, data:, blob:, ftp:, javascript: and ws: URLs
// expect: value {"file:///etc/passwd":"HTTPBlockedError: scheme \"file:\" is not allowed (only http and https)","data:text/plain,pwned":"HTTPBlockedError: scheme \"data:\" is not allowed (only http and https)","blob:http://api.test/x":"HTTPBlockedError: scheme \"blob:\" is not allowed (only http and https)","ftp://api.test/x":"HTTPBlockedError: scheme \"ftp:\" is not allowed (only http and https)","javascript:alert(1)":"HTTPBlockedError: scheme \"javascript:\" is not allowed (only http and https)","ws://api.test/x":"HTTPBlockedError: scheme \"ws:\" is not allowed (only http and https)"}
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 6
const targets = [
  'file:///etc/passwd',
  'data:text/plain,pwned',
  'blob:http://api.test/x',
  'ftp://api.test/x',
  'javascript:alert(1)',
  'ws://api.test/x',
];
const out = {};
for (const to of targets)
  out[to] = await fetch(`${TARGET.origin}/redirect?to=${encodeURIComponent(to)}`).then(
    async (r) => `reached ${r.status} ${await r.text()}`,
    (e) => `${e.name}: ${e.message}`,
  );
out;
