// attack: a forged fetch frame with fields the protocol does not have (a proxy, an address to connect to), for this eval
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a malformed frame$
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 0
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
const frame = {
  v: 1,
  type: 'fetch',
  id: 2,
  fetchId: 1000,
  method: 'GET',
  url: TARGET.origin,
  headers: [],
  body: null,
  redirect: 'follow',
  proxy: `http://127.0.0.1:${TARGET.port}`,
  address: '127.0.0.1',
};
await Bun.write(Bun.file(3), JSON.stringify(frame) + '\n');
// The host reads frames in order: this result comes after the bad frame.
('the host took the frame');
