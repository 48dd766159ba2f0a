import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { run } from '../../src/index.js';
import {
  echo,
  loopbackPolicy,
  startServer,
  throwAwayCertificate,
  type TestServer,
} from './servers.js';

let server: TestServer;
let cert: string;
before(async () => {
  const tls = throwAwayCertificate();
  cert = tls.cert;
  server = await startServer(echo, tls);
});
after(() => server.close());

test('HTTPS to a server whose authority the broker is told to trust, with SNI and Host kept', async () => {
  const result = await run(
    `(await (await fetch('https://api.test:${server.port}/tls')).json()).host`,
    {
      http: loopbackPolicy(server.port, { caCertificates: [cert] }),
    },
  );
  assert.equal(result.value, `api.test:${server.port}`);
  assert.equal(result.requests[0]!.url, `https://api.test:${server.port}/tls`);
});

test('an untrusted certificate is an HTTPError and no request is made', async () => {
  const code = `await fetch('https://api.test:${server.port}/tls').then((r) => r.status, (e) => e.name + ': ' + e.message)`;
  const hits = server.hits.length;
  const result = await run(code, { http: loopbackPolicy(server.port) });
  assert.equal(
    result.value,
    `HTTPError: https://api.test:${server.port}: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)`,
  );
  assert.equal(server.hits.length, hits);
});

test('a certificate for another name is refused even when trusted', async () => {
  const http = loopbackPolicy(server.port, {
    allowlist: ['other.test'],
    resolve: { 'other.test': '127.0.0.2' },
    caCertificates: [cert],
  });
  const code = `await fetch('https://other.test:${server.port}/').then((r) => r.status, (e) => e.name + ': ' + e.message)`;
  const result = await run(code, { http });
  assert.equal(
    result.value,
    `HTTPError: https://other.test:${server.port}: Hostname/IP does not match certificate's altnames: Host: other.test. is not in the cert's altnames: DNS:api.test, IP Address:127.0.0.1 (ERR_TLS_CERT_ALTNAME_INVALID)`,
  );
});
