/**
 * Private-address policy. All range knowledge comes from ipaddr.js; this file only decides which
 * of its ranges are unsafe and how to look through IPv6 forms that carry an IPv4 address.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type IPv6Range = ReturnType<ipaddr.IPv6['range']>;

/** True when `host` is a dotted-quad IPv4 or an IPv6 literal (no brackets). */
export function isIpLiteral(host: string): boolean {
  // Strict forms only: ipaddr.js also reads `127.1` and `0x7f.1`, which must never reach the
  // vetting step un-normalized (WHATWG URL has already rewritten them for URL hosts).
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host);
}

/**
 * Why `address` is not public unicast, or undefined when it is. IPv4: every ipaddr.js range but
 * `unicast` (loopback, private, linkLocal incl. 169.254.169.254, carrierGradeNat, unspecified,
 * broadcast, multicast, reserved/benchmark/documentation, as112, amt). IPv6: the same, plus
 * anything outside global unicast 2000::/3 (which also covers IPv4-compatible ::a.b.c.d). IPv4
 * carried in ::ffff:0:0/96, 64:ff9b::/96 and 2002::/16 is classified as IPv4, e.g.
 * 'ipv4Mapped loopback'. A string that is not an IP literal is reported, never passed.
 */
export function nonPublicRange(address: string): string | undefined {
  if (!isIpLiteral(address)) return 'not an IP address';
  const ip = ipaddr.parse(address);
  return ip instanceof ipaddr.IPv4 ? ipv4Range(ip) : ipv6Range(ip);
}

function ipv4Range(ip: ipaddr.IPv4): string | undefined {
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

const globalUnicast = ipaddr.parseCIDR('2000::/3');
const nat64WellKnown = ipaddr.parseCIDR('64:ff9b::/96');

function ipv6Range(ip: ipaddr.IPv6): string | undefined {
  const range = ip.range();
  const embedded = embeddedIpv4(ip, range);
  if (embedded !== undefined) {
    const inner = ipv4Range(embedded);
    return inner === undefined ? undefined : `${range} ${inner}`;
  }
  if (range !== 'unicast') {
    // Teredo (2001::/32), 64:ff9b:1::/48, rfc6145 and the rest: where the packet really goes
    // depends on relays and translators we cannot see, so they are refused outright.
    return range;
  }
  return ip.match(globalUnicast) ? undefined : 'not global unicast';
}

/** The IPv4 address a translation form hands the packet to, for forms where it is well defined. */
function embeddedIpv4(ip: ipaddr.IPv6, range: IPv6Range): ipaddr.IPv4 | undefined {
  const bytes = ip.toByteArray();
  switch (range) {
    case 'ipv4Mapped':
      return ip.toIPv4Address();
    case 'rfc6052':
      // Only the /96 well-known prefix puts the IPv4 in the last 32 bits (RFC 6052 §2.2).
      return ip.match(nat64WellKnown) ? ipv4FromBytes(bytes.slice(12, 16)) : undefined;
    case '6to4':
      // 2002:AABB:CCDD::/48 — the relay's IPv4 follows the 16-bit prefix (RFC 3056 §2).
      return ipv4FromBytes(bytes.slice(2, 6));
    default:
      return undefined;
  }
}

function ipv4FromBytes(bytes: number[]): ipaddr.IPv4 {
  return ipaddr.fromByteArray(bytes) as ipaddr.IPv4;
}

/** A set of CIDR ranges, as parsed from `allowedIps`. */
export interface AddressRanges {
  /** True when `address` (an IP literal) lies in one of the ranges. */
  contains(address: string): boolean;
}

/**
 * Parses CIDR entries; a bare address means /32 or /128. An IPv4-mapped entry (`::ffff:10.0.0.0/104`,
 * `::ffff:10.0.0.1`) is stored as the IPv4 range it denotes, and `contains` likewise looks
 * through mapped addresses, so either spelling on either side matches.
 *
 * @throws Error naming the entry when it is not an address or CIDR with a valid prefix length.
 */
export function parseCidrs(entries: readonly string[]): AddressRanges {
  const ranges = entries.map(parseCidr);
  return {
    contains(address: string): boolean {
      if (!isIpLiteral(address)) return false;
      const ip = unmap(ipaddr.parse(address));
      return ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
    },
  };
}

function parseCidr(entry: string): [Address, number] {
  const [addressText = '', bitsText, ...extra] = entry.split('/');
  const ip = isIpLiteral(addressText) ? ipaddr.parse(addressText) : undefined;
  const maxBits = ip?.kind() === 'ipv4' ? 32 : 128;
  const bits = bitsText === undefined ? maxBits : /^\d{1,3}$/.test(bitsText) ? +bitsText : NaN;
  if (ip === undefined || extra.length > 0 || !(bits <= maxBits)) {
    throw new Error(`invalid IP address or CIDR range ${JSON.stringify(entry)}`);
  }
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() && bits >= 96) {
    return [ip.toIPv4Address(), bits - 96];
  }
  return [ip, bits];
}

function unmap(ip: Address): Address {
  return ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() ? ip.toIPv4Address() : ip;
}

/**
 * undefined when the broker may connect to `address` under the policy, else the reason it may
 * not. Everything passes when `blockPrivateIps` is false; an address inside `allowedIps` passes
 * even when non-public (for an IPv4-mapped address its IPv4 is checked against `allowedIps` too).
 */
export function vetAddress(
  address: string,
  policy: { blockPrivateIps: boolean; allowedIps: AddressRanges },
): string | undefined {
  if (!policy.blockPrivateIps || policy.allowedIps.contains(address)) return undefined;
  return nonPublicRange(address);
}
