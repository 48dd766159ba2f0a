// attack: after escaping, read the environment of pid 1 (the sandbox's init) and of the host
// guest: escaped
// expect: value "ERR EACCES"
await Bun.file('/proc/1/environ')
  .text()
  .then(
    (t) => t.slice(0, 20),
    (e) => 'ERR ' + e.code,
  );
