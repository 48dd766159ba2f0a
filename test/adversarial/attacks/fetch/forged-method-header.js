// attack: forged fetch frames with what the guest's Request would never produce: TRACK, CONNECT, a request line in the method, CR/LF/NUL in header values, a colon in a header name
// guest: escaped
// expect: value 200
// options: {"timeoutMs": 20000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequests": 20}}
// hits: 2
// Only the forged control and the script's own fetch may arrive.
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
const url = `${TARGET.origin}/forged`;
const variants = [
  { method: 'TRACK', headers: [] },
  { method: 'CONNECT', headers: [] },
  { method: 'GET /admin HTTP/1.1\r\nX:', headers: [] },
  { method: 'GET', headers: [['x-a', 'v\r\nX-Injected: 1']] },
  { method: 'GET', headers: [['x-a', 'v\n\nGET /smuggled HTTP/1.1']] },
  { method: 'GET', headers: [['x-a', 'v\0']] },
  { method: 'GET', headers: [['x-a: 1\r\nx-b', 'v']] },
  { method: 'GET', headers: [['x-a', 'v\u010d\u010a']] },
];
let lines = '';
{
  const id = 2;
  variants.forEach((variant, i) => {
    const frame = { v: 1, type: 'fetch', id, fetchId: 1e6 + id * 100 + i, url, ...variant };
    lines += JSON.stringify({ ...frame, body: null, redirect: 'follow' }) + '\n';
  });
  const control = { v: 1, type: 'fetch', id, fetchId: 1e6 + id * 100 + 99, method: 'GET' };
  lines +=
    JSON.stringify({
      ...control,
      url: `${TARGET.origin}/forged-control`,
      headers: [],
      body: null,
      redirect: 'follow',
    }) + '\n';
}
await Bun.write(Bun.file(3), lines);
const own = await fetch(`${TARGET.origin}/own`).then((r) => r.status);
await new Promise((resolve) => setTimeout(resolve, 500));
own;
