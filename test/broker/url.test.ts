import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BrokerRefusal } from '../../src/broker/refusal.js';
import { normalizeUrl } from '../../src/broker/url.js';

function refusal(reason: BrokerRefusal['reason']) {
  return (error: unknown) => {
    assert.ok(error instanceof BrokerRefusal);
    assert.equal(error.name, 'BrokerRefusal');
    assert.equal(error.reason, reason);
    return true;
  };
}

describe('normalizeUrl', () => {
  test('splits a URL into the parts the broker checks', () => {
    const t = normalizeUrl('https://api.example.com/v1/items?q=1#top');
    assert.equal(t.scheme, 'https');
    assert.equal(t.host, 'api.example.com');
    assert.equal(t.port, 443);
    assert.equal(t.isIp, false);
    assert.equal(t.path, '/v1/items');
    assert.equal(t.url.href, 'https://api.example.com/v1/items?q=1#top');
  });

  test('fills in the default port and keeps an explicit one', () => {
    assert.equal(normalizeUrl('http://example.com/').port, 80);
    assert.equal(normalizeUrl('https://example.com:443/').port, 443);
    assert.equal(normalizeUrl('http://example.com:8080/').port, 8080);
  });

  test('lowercases the scheme and host and converts IDN to punycode', () => {
    const t = normalizeUrl('HTTPS://API.EXAMPLE.COM/X');
    assert.equal(t.scheme, 'https');
    assert.equal(t.host, 'api.example.com');
    assert.equal(t.path, '/X');
    assert.equal(normalizeUrl('http://BÜCHER.de/').host, 'xn--bcher-kva.de');
  });

  test('drops the trailing dot from the host it will request', () => {
    const t = normalizeUrl('https://api.example.com./x');
    assert.equal(t.host, 'api.example.com');
    assert.equal(t.url.href, 'https://api.example.com/x');
  });

  for (const spelling of ['2130706433', '0x7f000001', '0177.0.0.1', '127.1', '%31%32%37.0.0.1']) {
    test(`rewrites the IPv4 spelling ${spelling} to 127.0.0.1`, () => {
      const t = normalizeUrl(`http://${spelling}/`);
      assert.equal(t.host, '127.0.0.1');
      assert.equal(t.isIp, true);
    });
  }

  test('gives IPv6 hosts without brackets, compressed', () => {
    const t = normalizeUrl('http://[::ffff:127.0.0.1]:8080/');
    assert.equal(t.host, '::ffff:7f00:1');
    assert.equal(t.isIp, true);
    assert.equal(t.port, 8080);
  });

  test('resolves %2e%2e segments before anything matches on the path', () => {
    assert.equal(normalizeUrl('https://api.github.com/repos/%2e%2e/admin').path, '/admin');
    assert.equal(normalizeUrl('https://api.github.com/repos/.%2E/admin').path, '/admin');
  });

  test('reads a backslash as a slash, so the host is the one before it', () => {
    const t = normalizeUrl('https://api.example.com\\@evil.test/');
    assert.equal(t.host, 'api.example.com');
    assert.equal(t.path, '/@evil.test/');
  });

  test('resolves a relative redirect against its base', () => {
    const t = normalizeUrl('../b?x', 'https://example.com/a/c/d');
    assert.equal(t.url.href, 'https://example.com/a/b?x');
    assert.equal(normalizeUrl('//other.test/p', 'https://example.com/').host, 'other.test');
  });

  test('refuses a username hiding the real host', () => {
    assert.throws(() => normalizeUrl('http://api.example.com@127.0.0.1/'), refusal('credentials'));
  });

  test('refuses a password, even with an empty username', () => {
    assert.throws(() => normalizeUrl('https://:secret@example.com/'), refusal('credentials'));
    assert.throws(() => normalizeUrl('https://user:pw@example.com/'), refusal('credentials'));
  });

  for (const raw of ['file:///etc/passwd', 'ftp://example.com/', 'data:text/plain,hi', 'ws://x/']) {
    test(`refuses the scheme of ${raw}`, () => {
      assert.throws(() => normalizeUrl(raw), refusal('scheme'));
    });
  }

  for (const raw of ['not a url', 'http://', 'http://1.2.3.4.5/', 'http://[::1/', '/relative']) {
    test(`refuses the unparsable ${JSON.stringify(raw)}`, () => {
      assert.throws(() => normalizeUrl(raw), refusal('invalid-url'));
    });
  }

  for (const raw of [
    'http://./',
    'http://.example.com/',
    'http://a..b/',
    'http://example.com../',
  ]) {
    test(`refuses the empty host label in ${raw}`, () => {
      assert.throws(() => normalizeUrl(raw), refusal('invalid-url'));
    });
  }
});
