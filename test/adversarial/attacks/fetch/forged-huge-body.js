// attack: a forged fetch frame whose base64 body decodes to 17 MiB, over the 16 MiB any body may have
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a malformed frame$
// options: {"memoryLimit": "1gb", "timeoutMs": 20000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "maxRequestBytes": "16mb"}}
// hits: 0
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
const body = 'A'.repeat(Math.ceil((17 * 1024 * 1024) / 3) * 4);
const frame = { v: 1, type: 'fetch', id: 2, fetchId: 1000, method: 'POST', url: TARGET.origin };
await Bun.write(
  Bun.file(3),
  JSON.stringify({ ...frame, headers: [], body, redirect: 'follow' }) + '\n',
);
// The host reads frames in order: this result comes after the bad frame.
('the host took the frame');
