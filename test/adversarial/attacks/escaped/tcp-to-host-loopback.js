// attack: after escaping, open a TCP connection to the suite's server on the host's loopback
// guest: escaped
// expect: value "ERR ECONNREFUSED"
// hits: 0
await Bun.connect({ hostname: '127.0.0.1', port: TARGET.port, socket: { data() {} } }).then(
  () => 'connected',
  (e) => 'ERR ' + (e.code ?? e.name),
);
