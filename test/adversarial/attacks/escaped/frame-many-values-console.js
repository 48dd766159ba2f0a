// attack: a console frame for the eval in flight that carries 8 million values beside its text (costly to parse, refused by the schema only afterwards)
// guest: escaped
// expect: error SandboxError PROTOCOL_ERROR
// message: ^the guest sent a console frame with more than 4096 values$
// options: {"memoryLimit": "256mb", "timeoutMs": 20000}
const line =
  '{"v":1,"type":"console","id":2,"text":"x","junk":[' + '0,'.repeat(8 * 1024 * 1024) + '0]}\n';
await Bun.write(Bun.file(3), line);
await new Promise(() => {});
