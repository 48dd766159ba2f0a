// attack: a redirect that points at itself (empty Location) loops forever; maxRedirects must end it
// expect: value "HTTPLimitError: more than maxRedirects (3) redirects"
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRedirects": 3}}
// hits: 4
// The first request and three followed redirects reach the server; the fourth 302 ends it.
await fetch(`${TARGET.origin}/redirect?to=`).then(
  (r) => `followed forever? ${r.status}`,
  (e) => `${e.name}: ${e.message}`,
);
