// attack: a forged fetch frame reusing the fetchId of a request still in flight (a 5 s drip), to take over its place and let it outlive the eval
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest reused fetchId 1$
// options: {"timeoutMs": 20000, "http": {"allowlist": ["api.test"], "resolve": {"api.test": "127.0.0.2"}, "allowedIps": ["127.0.0.2/32"], "allowedPorts": ["$PORT"], "requestTimeoutMs": 60000}}
// hits: 2
// The drip (fetchId 1, the guest's first fetch) and the script's second fetch arrive; the
// forged frame must end the run and send nothing.
// Eval ids count per sandbox process: the suite's setVariable is id 1, this eval id 2.
const drip = fetch(`${TARGET.origin}/drip`).then(
  (r) => r.text(),
  (e) => e.name,
);
await fetch(`${TARGET.origin}/meanwhile`);
await new Promise((resolve) => setTimeout(resolve, 300));
let lines = '';
{
  const id = 2;
  const frame = {
    v: 1,
    type: 'fetch',
    id,
    fetchId: 1,
    method: 'GET',
    url: `${TARGET.origin}/takeover`,
  };
  lines += JSON.stringify({ ...frame, headers: [], body: null, redirect: 'follow' }) + '\n';
}
await Bun.write(Bun.file(3), lines);
await drip;
