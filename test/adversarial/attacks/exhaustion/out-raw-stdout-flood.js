// attack: after escaping the realm, floods raw stdout and stderr (the host drains and drops them)
// guest: escaped
// expect: value "survived"
// options: {"timeoutMs": 60000, "memoryLimit": "256mb"}
const big = 'y'.repeat(1 << 20);
const out = Bun.stdout.writer();
const err = Bun.stderr.writer();
for (let i = 0; i < 100; i++) {
  out.write(big);
  err.write(big);
  if (i % 4 === 0) await Promise.all([out.flush(), err.flush()]);
}
await Promise.all([out.flush(), err.flush()]);
for (let i = 0; i < 50; i++) await Bun.write(Bun.stdout, big);
('survived');
