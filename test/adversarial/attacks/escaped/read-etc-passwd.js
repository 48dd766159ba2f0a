// attack: after escaping, read the host's /etc/passwd
// guest: escaped
// expect: value "ERR ENOENT"
await Bun.file('/etc/passwd')
  .text()
  .then(
    (t) => t.slice(0, 20),
    (e) => 'ERR ' + e.code,
  );
