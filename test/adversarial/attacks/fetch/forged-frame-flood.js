// attack: after escaping, write fetch frames for the current eval without end and never wait for the answers, to grow the host's memory with them
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the script made more than 10000 fetch calls in one eval$
// options: {"timeoutMs": 20000}
// hits: 0
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
const id = 2;
const stringify = JSON.stringify;
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
