// attack: the 16-million-deep result frame, for the eval in flight (id 2 in the suite), so that the host would have to parse it
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a result frame nested deeper than 3002 levels$
// options: {"memoryLimit": "256mb", "timeoutMs": 20000}
const depth = 16 * 1024 * 1024 - 64;
const line =
  '{"v":1,"type":"result","id":2,"value":' + '['.repeat(depth / 2) + ']'.repeat(depth / 2) + '}\n';
await Bun.write(Bun.file(3), line);
await new Promise(() => {});
