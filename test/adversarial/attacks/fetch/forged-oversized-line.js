// attack: a 40 MiB line on fd 3 (a fetch frame with a body in it), past the 32 MiB the host reads of one frame
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a frame over 33554432 bytes$
// options: {"memoryLimit": "1gb", "timeoutMs": 20000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"]}}
// hits: 0
const frame = { v: 1, type: 'fetch', id: 0, fetchId: 1000, method: 'POST', url: TARGET.origin };
const line = JSON.stringify({
  ...frame,
  headers: [],
  body: 'A'.repeat(40 * 1024 * 1024),
  redirect: 'follow',
});
await Bun.write(Bun.file(3), line + '\n');
// The host reads frames in order: this result comes after the bad frame.
('the host took the frame');
