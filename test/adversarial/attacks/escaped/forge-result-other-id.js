// attack: after escaping, write a result frame for another eval id onto fd 3
// guest: escaped
// expect: value "real result"
await Bun.write(
  Bun.file(3),
  JSON.stringify({ v: 1, type: 'result', id: 999999, value: 'forged' }) + '\n',
);
('real result');
