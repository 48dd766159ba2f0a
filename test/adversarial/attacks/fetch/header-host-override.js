// attack: Host override and request smuggling through headers the broker owns: Host, Content-Length, Transfer-Encoding, Connection, Expect
// expect: value [{"method":"GET","url":"/a","host":"api.test:PORT","body":""},{"method":"POST","url":"/b","host":"api.test:PORT","body":"GET /smuggled HTTP/1.1\r\nHost: evil.test\r\n\r\n"}]
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 2
// If the script's Content-Length: 0 were sent, the body would be read as a second request.
const p = TARGET.port;
const smuggled = 'GET /smuggled HTTP/1.1\r\nHost: evil.test\r\n\r\n';
const describe = async (r) => {
  const echo = await r.json();
  return { ...echo, host: echo.host.replace(String(p), 'PORT') };
};
[
  await fetch(`${TARGET.origin}/a`, {
    headers: { host: 'evil.test', 'x-forwarded-host': 'evil.test' },
  }).then(describe),
  await fetch(`${TARGET.origin}/b`, {
    method: 'POST',
    body: smuggled,
    headers: {
      host: 'evil.test',
      'content-length': '0',
      'transfer-encoding': 'chunked',
      connection: 'keep-alive',
      expect: '100-continue',
    },
  }).then(describe),
];
