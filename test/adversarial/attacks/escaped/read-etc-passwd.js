// attack: after escaping, read the host's /etc/passwd
// expect: value "ERR ENOENT"
const Bun = URL.constructor.constructor('return Bun')();
await Bun.file('/etc/passwd')
  .text()
  .then(
    (t) => t.slice(0, 20),
    (e) => 'ERR ' + e.code,
  );
