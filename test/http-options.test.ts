import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveOptions } from '../src/options.js';

const http = (value: unknown) => resolveOptions({ http: value }).http;
const refused = (value: unknown, message: string) =>
  assert.throws(() => http(value), { name: 'ArgumentError', code: 'INVALID_OPTION', message });

describe('the http option', () => {
  test('is unset by default: fetch is off', () => {
    assert.equal(resolveOptions({}).http, undefined);
  });

  test('{} turns fetch on with mquickjs-ruby defaults and an empty allowlist', () => {
    const policy = http({})!;
    assert.deepEqual(
      { ...policy, access: policy.access.mode, allowedIps: undefined },
      {
        access: 'allow',
        allowedIps: undefined,
        maxRequests: 10,
        requestTimeoutMs: 5000,
        maxRequestBytes: 1024 * 1024,
        maxResponseBytes: 1024 * 1024,
        allowedMethods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'],
        allowedPorts: [80, 443],
        blockPrivateIps: true,
        maxRedirects: 5,
        resolve: {},
        caCertificates: [],
      },
    );
    assert.equal(policy.access.patterns.length, 0);
  });

  test('refuses an allowlist and a denylist together', () => {
    refused(
      { allowlist: [], denylist: [] },
      'option "http": give either allowlist or denylist, not both',
    );
  });

  test('a denylist alone switches to deny mode', () => {
    assert.equal(http({ denylist: ['evil.test'] })!.access.mode, 'deny');
  });

  test('names a bad pattern', () => {
    assert.throws(() => http({ allowlist: ['ok.test', 'a*.example.com'] }), {
      name: 'ArgumentError',
      message: /^option "http\.allowlist\.1": invalid URL pattern "a\*\.example\.com"/,
    });
  });

  test('takes sizes as strings, methods in any case', () => {
    const policy = http({
      maxResponseBytes: '2mb',
      maxRequestBytes: 10,
      allowedMethods: ['get', 'Post'],
    })!;
    assert.equal(policy.maxResponseBytes, 2 * 1024 * 1024);
    assert.equal(policy.maxRequestBytes, 10);
    assert.deepEqual(policy.allowedMethods, ['GET', 'POST']);
  });

  test('refuses body limits over 16 MiB, methods fetch cannot send, bad ports', () => {
    refused(
      { maxResponseBytes: '17mb' },
      'option "http.maxResponseBytes": Too big: expected number to be <=16777216',
    );
    assert.throws(() => http({ allowedMethods: ['CONNECT'] }), {
      message: /^option "http\.allowedMethods\.0": /,
    });
    assert.throws(() => http({ allowedPorts: [0] }), {
      message: /^option "http\.allowedPorts\.0": /,
    });
  });

  test('normalizes resolve: names as the broker compares them, addresses checked', () => {
    assert.deepEqual(
      http({ resolve: { 'API.Test.': '127.0.0.1', 'b.test': '0:0:0:0:0:0:0:1' } })!.resolve,
      { 'api.test': '127.0.0.1', 'b.test': '::1' },
    );
    for (const loose of ['not-an-ip', '1.2.3', '0x7f.1', '127.1'])
      assert.throws(() => http({ resolve: { 'a.test': loose } }), {
        message: `option "http.resolve.a.test": "${loose}" is not an IP address (dotted-quad IPv4 or IPv6)`,
      });
  });

  test('checks allowedIps and caCertificates', () => {
    assert.equal(
      http({ allowedIps: ['10.0.0.0/8', '::1'] })!.allowedIps.contains('10.1.2.3'),
      true,
    );
    assert.throws(() => http({ allowedIps: ['10.0.0.0/33'] }), {
      message: /^option "http\.allowedIps": /,
    });
    assert.throws(() => http({ caCertificates: ['not pem'] }), {
      message: /^option "http\.caCertificates\.0": /,
    });
  });

  test('refuses unknown http options', () => {
    refused({ follow: true }, 'unknown option "http.follow"');
  });
});
