// attack: after escaping, write fetch frames for the current eval without end and never wait for the answers, to grow the host's memory with them
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the script made more than 10000 fetch calls in one eval$
// options: {"timeoutMs": 20000}
// hits: 0
// The guest runtime's console frames carry the eval's id: catch one on its way out.
const hostJSON = BunRealm.JSON;
const stringify = hostJSON.stringify;
let id;
hostJSON.stringify = function (value, ...rest) {
  if (value && value.type === 'console') id = value.id;
  return stringify.call(this, value, ...rest);
};
console.log('which eval is this?');
hostJSON.stringify = stringify;
for (let fetchId = 1e6; ; fetchId += 1000) {
  let lines = '';
  for (let i = 0; i < 1000; i++) {
    const frame = { v: 1, type: 'fetch', id, fetchId: fetchId + i, method: 'GET' };
    lines +=
      stringify({ ...frame, url: 'http://a.test/', headers: [], body: null, redirect: 'follow' }) +
      '\n';
  }
  await Bun.write(Bun.file(3), lines);
}
