// attack: a line on fd 3 that is not JSON, written while a fetch is in flight
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a malformed frame$
// options: {"http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "requestTimeoutMs": 60000}}
// hits: 2
// The drip and the fetch after it arrive; the frame that is not JSON must end the run.
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
const drip = fetch(`${TARGET.origin}/drip`).catch((e) => e.name);
await fetch(`${TARGET.origin}/meanwhile`);
await new Promise((resolve) => setTimeout(resolve, 300));
await Bun.write(
  Bun.file(3),
  '{"v":1,"type":"fetch","id":2,"fetchId":99,"method":"GET","url":"http://127.0.0.1/"\n',
);
await drip;
