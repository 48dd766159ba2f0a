// attack: after escaping the realm, fetch frames written straight to fd 3 for loopback, metadata and unspecified addresses, userinfo, an off-port target and a redirect to loopback, with every host allowed
// guest: escaped
// expect: value 200
// options: {"timeoutMs": 20000, "http": {"denylist": [], "resolve": {"api.test": "127.0.0.2", "meta.test": "169.254.169.254"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequests": 20}}
// hits: 3
// The guest's own fetch checks nothing: these frames meet the broker's policy exactly as the
// guest's would. Three requests may arrive: the redirect's first hop, a forged control to the
// allowed host (proof that the spray reached this eval), and the script's own fetch after them.
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
const p = TARGET.port;
const targets = [
  `http://127.0.0.1:${p}/forged`,
  `http://2130706433:${p}/forged`,
  `http://[::1]:${p}/forged`,
  `http://[::ffff:127.0.0.1]:${p}/forged`,
  `http://[64:ff9b::7f00:1]:${p}/forged`,
  `http://localhost:${p}/forged`,
  `http://meta.test:${p}/latest/meta-data/`,
  `http://0.0.0.0:${p}/forged`,
  `http://api.test@127.0.0.1:${p}/forged`,
  `http://api.test:${p + 1}/forged`,
  `${TARGET.origin}/redirect?to=${encodeURIComponent(`http://127.0.0.1:${p}/forged`)}`,
];
let lines = '';
{
  const id = 2;
  targets.forEach((url, i) => {
    const frame = { v: 1, type: 'fetch', id, fetchId: 1e6 + id * 100 + i, method: 'GET', url };
    lines += JSON.stringify({ ...frame, headers: [], body: null, redirect: 'follow' }) + '\n';
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
// The broker handles frames in order: once this later fetch is answered, the forged ones have
// long been refused or sent.
const own = await fetch(`${TARGET.origin}/own`).then((r) => r.status);
await new Promise((resolve) => setTimeout(resolve, 500));
own;
