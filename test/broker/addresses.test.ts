import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIpLiteral, nonPublicRange, parseCidrs, vetAddress } from '../../src/broker/addresses.js';
import { normalizeUrl } from '../../src/broker/url.js';

const strict = { blockPrivateIps: true, allowedIps: parseCidrs([]) };

/** What the broker decides for a URL whose host is an IP literal: normalize, then vet. */
function vetUrl(url: string, policy = strict): string | undefined {
  const target = normalizeUrl(url);
  assert.equal(target.isIp, true);
  return vetAddress(target.host, policy);
}

describe('private-address policy', () => {
  for (const [spelling, reason] of [
    ['127.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['[::ffff:127.0.0.1]', 'ipv4Mapped loopback'],
    ['[::ffff:7f00:1]', 'ipv4Mapped loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['[::]', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['[::ffff:10.0.0.1]', 'ipv4Mapped private'],
    ['169.254.169.254', 'linkLocal'],
    ['[fe80::1]', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['[fc00::1]', 'uniqueLocal'],
    ['[fd12:3456::1]', 'uniqueLocal'],
    ['[64:ff9b::7f00:1]', 'rfc6052 loopback'],
    ['[64:ff9b::a9fe:a9fe]', 'rfc6052 linkLocal'],
    ['[2002:7f00:1::]', '6to4 loopback'],
    ['[2002:c0a8:101::1]', '6to4 private'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['[2001:db8::1]', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['[ff02::1]', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['[2001::1]', 'teredo'],
    ['[64:ff9b:1::808:808]', 'rfc6052'],
    ['[::ffff:0:7f00:1]', 'rfc6145'],
    ['[fec0::1]', 'deprecatedSiteLocal'],
    ['[100::1]', 'discard'],
    ['[::7f00:1]', 'not global unicast'],
  ] as const) {
    test(`blocks http://${spelling}/ as ${reason}`, () => {
      assert.equal(vetUrl(`http://${spelling}/`), reason);
    });
  }

  for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700::1', '::ffff:8.8.8.8']) {
    test(`allows the public address ${address}`, () => {
      assert.equal(nonPublicRange(address), undefined);
      assert.equal(vetAddress(address, strict), undefined);
    });
  }

  test('allows NAT64 and 6to4 forms of a public IPv4', () => {
    assert.equal(nonPublicRange('64:ff9b::808:808'), undefined);
    assert.equal(nonPublicRange('2002:808:808::1'), undefined);
  });

  test('fails closed on anything that is not an IP literal', () => {
    assert.equal(nonPublicRange('localhost'), 'not an IP address');
    assert.equal(nonPublicRange('127.1'), 'not an IP address');
    assert.equal(nonPublicRange('[::1]'), 'not an IP address');
    assert.equal(nonPublicRange(''), 'not an IP address');
  });

  test('lets allowedIps open a private range and nothing more', () => {
    const policy = { blockPrivateIps: true, allowedIps: parseCidrs(['10.0.0.0/8', '::1']) };
    assert.equal(vetAddress('10.20.30.40', policy), undefined);
    assert.equal(vetAddress('::1', policy), undefined);
    assert.equal(vetAddress('11.0.0.1', policy), undefined);
    assert.equal(vetAddress('192.168.0.1', policy), 'private');
    assert.equal(vetAddress('127.0.0.1', policy), 'loopback');
  });

  test('checks the IPv4 inside a mapped address against allowedIps', () => {
    const policy = { blockPrivateIps: true, allowedIps: parseCidrs(['127.0.0.1']) };
    assert.equal(vetUrl('http://[::ffff:127.0.0.1]/', policy), undefined);
    assert.equal(vetUrl('http://[::ffff:127.0.0.2]/', policy), 'ipv4Mapped loopback');
  });

  test('allows everything when blockPrivateIps is false', () => {
    const open = { blockPrivateIps: false, allowedIps: parseCidrs([]) };
    for (const address of ['127.0.0.1', '::1', '169.254.169.254', '::ffff:10.0.0.1', 'x']) {
      assert.equal(vetAddress(address, open), undefined);
    }
  });
});

describe('parseCidrs', () => {
  test('reads CIDR ranges and bare addresses as /32 and /128', () => {
    const ranges = parseCidrs(['192.168.0.0/16', '10.0.0.7', 'fd00::/8', '::1']);
    assert.equal(ranges.contains('192.168.44.1'), true);
    assert.equal(ranges.contains('10.0.0.7'), true);
    assert.equal(ranges.contains('10.0.0.8'), false);
    assert.equal(ranges.contains('fd00:1::5'), true);
    assert.equal(ranges.contains('::1'), true);
    assert.equal(ranges.contains('::2'), false);
    assert.equal(ranges.contains('not-an-ip'), false);
  });

  test('treats IPv4-mapped entries and addresses as the IPv4 they carry', () => {
    const ranges = parseCidrs(['::ffff:192.168.1.0/120', '::ffff:7f00:1']);
    assert.equal(ranges.contains('192.168.1.9'), true);
    assert.equal(ranges.contains('192.168.2.9'), false);
    assert.equal(ranges.contains('127.0.0.1'), true);
    assert.equal(parseCidrs(['10.0.0.0/8']).contains('::ffff:10.9.9.9'), true);
  });

  for (const entry of ['', 'x', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', '127.1']) {
    test(`rejects ${JSON.stringify(entry)} naming it`, () => {
      assert.throws(() => parseCidrs(['10.0.0.0/8', entry]), {
        name: 'Error',
        message: `invalid IP address or CIDR range ${JSON.stringify(entry)}`,
      });
    });
  }
});

describe('isIpLiteral', () => {
  test('accepts dotted quads and bare IPv6 only', () => {
    assert.equal(isIpLiteral('8.8.8.8'), true);
    assert.equal(isIpLiteral('::ffff:7f00:1'), true);
    assert.equal(isIpLiteral('2606:4700::1'), true);
    assert.equal(isIpLiteral('[::1]'), false);
    assert.equal(isIpLiteral('127.1'), false);
    assert.equal(isIpLiteral('0x7f000001'), false);
    assert.equal(isIpLiteral('example.com'), false);
  });
});
