// attack: paths under an allowlisted /public/** that servers decoding %2F or stripping ";" parameters serve from /admin
// expect: value ["HTTPBlockedError: servers read its path as /public/..%2Fadmin/users or as /admin/users, and a path pattern of the allowlist matches only one of them", "HTTPBlockedError: its path has a \";\" parameter, which servers read in different ways, and a path pattern of the allowlist covers this origin", "HTTPBlockedError: servers read its path as /public/..%2Fadmin/users or as /admin/users, and a path pattern of the allowlist matches only one of them", "HTTPBlockedError: its path has a \"%\" left after decoding (double encoding), which servers read in different ways, and a path pattern of the allowlist covers this origin", "HTTPBlockedError: its path has an encoded \"\\\", which servers read in different ways, and a path pattern of the allowlist covers this origin"]
// options: {"http": {"allowlist": ["http://api.test:$PORT/public/**"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 0
const paths = [
  '/public/..%2Fadmin/users',
  '/public/..;/admin/users',
  '/public/%2e%2e%2fadmin/users',
  '/public/%252e%252e%252fadmin/users',
  '/public/..%5Cadmin/users',
];
const out = [];
for (const path of paths)
  out.push(
    await fetch(TARGET.origin + path).then(
      (r) => `fetched ${r.status}`,
      (e) => `${e.name}: ${e.message.slice(e.message.indexOf(': ') + 2)}`,
    ),
  );
out;
