// attack: after escaping, write into a system directory visible in the sandbox
// guest: escaped
// expect: value "ERR EROFS"
await Bun.write('/usr/bin/planted', 'x').then(
  () => 'wrote',
  (e) => 'ERR ' + e.code,
);
