// attack: fetch is off (no http option); after escaping the realm, forged fetch frames ask for the suite's server and loopback anyway
// guest: escaped
// expect: value "HTTPBlockedError: fetch is not enabled (no http option was given)"
// options: {"timeoutMs": 20000}
// hits: 0
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
let lines = '';
const id = 2;
for (const url of [TARGET.origin, `http://127.0.0.1:${TARGET.port}/`]) {
  const frame = {
    v: 1,
    type: 'fetch',
    id,
    fetchId: 1e6 + id * 2 + (url === TARGET.origin ? 0 : 1),
    method: 'GET',
    url,
  };
  lines += JSON.stringify({ ...frame, headers: [], body: null, redirect: 'follow' }) + '\n';
}
await Bun.write(Bun.file(3), lines);
const own = await fetch(TARGET.origin).then(
  (r) => `reached ${r.status}`,
  (e) => `${e.name}: ${e.message}`,
);
await new Promise((resolve) => setTimeout(resolve, 500));
own;
