// attack: after escaping, write into a system directory visible in the sandbox
// expect: value "ERR EROFS"
const Bun = URL.constructor.constructor('return Bun')();
await Bun.write('/usr/bin/planted', 'x').then(
  () => 'wrote',
  (e) => 'ERR ' + e.code,
);
