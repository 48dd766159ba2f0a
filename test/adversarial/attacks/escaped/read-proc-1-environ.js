// attack: after escaping, read the environment of pid 1 (the sandbox's init) and of the host
// expect: value "ERR EACCES"
const Bun = URL.constructor.constructor('return Bun')();
await Bun.file('/proc/1/environ')
  .text()
  .then(
    (t) => t.slice(0, 20),
    (e) => 'ERR ' + e.code,
  );
