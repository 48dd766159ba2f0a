// attack: one result frame of 16 million nested arrays (just under the 32 MiB frame limit) for an id not in flight, which took the host 7.6 s and ~1 GB to parse while no limit was enforced
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a result frame for id 999999, which is not the eval in flight \(2\)$
// options: {"memoryLimit": "256mb", "timeoutMs": 20000}
const depth = 16 * 1024 * 1024 - 64;
const line =
  '{"v":1,"type":"result","id":999999,"value":' +
  '['.repeat(depth / 2) +
  ']'.repeat(depth / 2) +
  '}\n';
await Bun.write(Bun.file(3), line);
await new Promise(() => {});
