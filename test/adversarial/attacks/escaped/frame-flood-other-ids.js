// attack: 200,000 small frames for ids not in flight, as fast as the pipe takes them
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a fetchAbort frame for id 1000000007, which is not the eval in flight \(2\)$
// options: {"memoryLimit": "256mb", "timeoutMs": 20000}
const line = '{"v":1,"type":"fetchAbort","id":1000000007,"fetchId":1}\n';
await Bun.write(Bun.file(3), line.repeat(200_000));
await new Promise(() => {});
