/**
 * The one place a guest's URL text becomes something the broker reasons about. Every later step
 * (patterns, ports, DNS, address vetting) works on these parsed parts, never on the raw string, so
 * the host that is checked is the host that is requested.
 */
import { isIpLiteral } from './addresses.js';
import { BrokerRefusal } from './refusal.js';

export interface TargetUrl {
  /** The parsed, normalized URL the broker will actually request (hostname without trailing dot). */
  url: URL;
  scheme: 'http' | 'https';
  /** Lowercase; punycode for IDN; no trailing dot; IPv6 without brackets; IPv4 as a dotted quad. */
  host: string;
  /** Always explicit: 80 or 443 filled in when the URL names no port. */
  port: number;
  /** The host is an IPv4 or IPv6 literal. */
  isIp: boolean;
  /** `url.pathname`: dot segments (also `%2e%2e`) already resolved, percent-encoding kept. */
  path: string;
}

const defaultPorts = { http: 80, https: 443 } as const;

/**
 * Parses `raw` (relative to `base`, as for a redirect's Location) with WHATWG URL, which is what
 * fetch does: IPv4 spellings such as `2130706433`, `0x7f000001`, `0177.0.0.1` and `127.1` become
 * `127.0.0.1`, percent-escapes in the host are decoded, `%2e%2e` segments are resolved and `\` is
 * read as `/`.
 *
 * @throws BrokerRefusal 'invalid-url' when unparsable or the host has an empty label, 'scheme'
 * when not http/https, 'credentials' when a username or password is present (they would be sent
 * as Authorization and are a classic way to disguise the real host: `http://allowed@evil/`).
 */
export function normalizeUrl(raw: string, base?: string): TargetUrl {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new BrokerRefusal('invalid-url', `invalid URL: ${JSON.stringify(raw)}`);
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') {
    throw new BrokerRefusal('scheme', `scheme "${scheme}:" is not allowed (only http and https)`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new BrokerRefusal('credentials', 'URLs with a username or password are not allowed');
  }
  // `example.com.` and `example.com` are the same DNS name; dropping the dot keeps patterns simple.
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  const hostname = url.hostname;
  // WHATWG accepts `.example.com` and `a..b`; DNS cannot resolve them, so refuse early and clearly.
  if (!hostname.startsWith('[') && hostname.split('.').includes('')) {
    throw new BrokerRefusal('invalid-url', `invalid host in URL: ${JSON.stringify(raw)}`);
  }
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return {
    url,
    scheme,
    host,
    port: url.port === '' ? defaultPorts[scheme] : Number(url.port),
    isIp: isIpLiteral(host),
    path: url.pathname,
  };
}

/** The port a scheme implies when the URL names none. */
export function defaultPort(scheme: 'http' | 'https'): number {
  return defaultPorts[scheme];
}
