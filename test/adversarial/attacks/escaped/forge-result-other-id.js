// attack: after escaping, write a result frame for another eval id onto fd 3
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a result frame for id 999999, which is not the eval in flight \(2\)$
// A frame for an id that is not in flight speaks for no run: it ends this one. (The suite's
// setVariable is the sandbox's first exchange, id 1; this eval is id 2.)
await Bun.write(
  Bun.file(3),
  JSON.stringify({ v: 1, type: 'result', id: 999999, value: 'forged' }) + '\n',
);
await new Promise(() => {});
