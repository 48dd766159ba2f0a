/**
 * allowlist / denylist entries. Two forms:
 *
 * - host: `api.example.com`, `*.example.com`, `api.example.com:8443` — any scheme; any port
 *   unless one is given.
 * - URL: `https://api.github.com/repos/**` — scheme `http`, `https` or `*`; host as above; the
 *   port given, else the scheme's default; then an optional path glob. No path matches every path
 *   of the origin; `/` matches only `/`.
 *
 * `*.example.com` matches subdomains at any depth but not `example.com` itself. In a path, `*`
 * matches within one segment (no `/`), `**` matches anything, and a trailing `/**` also matches
 * the path without it (`/admin/**` covers `/admin`). Everything else is literal and
 * case-sensitive. The target's query and fragment are never looked at. A path a server could
 * read as another path is matched in every reading (path-glob.ts).
 *
 * A third form, `glob:` followed by an mquickjs-ruby URL glob, is glob-patterns.ts's.
 *
 * Patterns go through the same normalization as targets (lowercase, punycode, no trailing dot)
 * and are matched against the parsed TargetUrl, never against the raw URL text.
 */
import { compileGlobPattern, GLOB_PREFIX } from './glob-patterns.js';
import { compilePathGlob, type PathMatch } from './path-glob.js';
import { BrokerRefusal } from './refusal.js';
import { defaultPort, normalizeUrl, type TargetUrl } from './url.js';

export interface UrlPattern {
  /** The entry as written in the options. */
  readonly source: string;
  /**
   * 'all': the target matches however its server reads the path; 'some': only in some readings
   * (path-glob.ts), so neither an allowlist nor a denylist can decide on it; 'none': no match.
   */
  match(target: TargetUrl): PathMatch;
  /** match(target) === 'all'. */
  matches(target: TargetUrl): boolean;
}

/**
 * Compiles one allowlist/denylist entry.
 *
 * @throws Error naming the entry when it is empty, contains whitespace, `\`, userinfo, a query or
 * fragment, an unsupported scheme, a bad port, or `*` anywhere in the host but a whole leading
 * label.
 */
export function compilePattern(source: string): UrlPattern {
  if (source.startsWith(GLOB_PREFIX)) return compileGlobPattern(source);
  const fail = (why: string): never => {
    throw new Error(`invalid URL pattern ${JSON.stringify(source)}: ${why}`);
  };
  if (source === '') fail('it is empty');
  if (source.includes('@')) fail('a username or password ("@") is not allowed');
  if (/[\s\\?#]/.test(source)) fail('whitespace, "\\", "?" and "#" are not allowed');

  const urlForm = /^([^:/]*):\/\/([^/]*)(.*)$/.exec(source);
  const scheme = urlForm ? urlForm[1]!.toLowerCase() : undefined;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https' && scheme !== '*') {
    fail('the scheme must be http, https or *');
  }
  const authority = urlForm ? urlForm[2]! : source;
  const path = urlForm ? urlForm[3]! : '';
  if (!urlForm && source.includes('/')) fail('a path needs a scheme, as in https://host/path');

  const wildcard = authority.startsWith('*.');
  const hostAndPort = wildcard ? authority.slice(2) : authority;
  if (hostAndPort.includes('*')) {
    fail('"*" is only allowed as a whole leading label, as in *.example.com');
  }
  const parsed = parseAuthority(hostAndPort, fail);
  if (wildcard && parsed.isIp) fail('"*." cannot prefix an IP address');

  // Without a port a URL pattern means the scheme's default port; for `*://` that is the
  // target's own scheme default, so the choice waits until a target is known.
  const port =
    parsed.port ?? (scheme === 'http' || scheme === 'https' ? defaultPort(scheme) : undefined);
  const glob = path === '' ? undefined : compilePathGlob(path);
  const urlPattern = scheme !== undefined;

  const originMatches = (target: TargetUrl): boolean => {
    if (scheme !== undefined && scheme !== '*' && target.scheme !== scheme) return false;
    const wantPort = port ?? (urlPattern ? defaultPort(target.scheme) : undefined);
    if (wantPort !== undefined && target.port !== wantPort) return false;
    return wildcard
      ? !target.isIp && target.host.endsWith(`.${parsed.host}`)
      : target.host === parsed.host;
  };
  const match = (target: TargetUrl): PathMatch => {
    if (!originMatches(target)) return 'none';
    return glob === undefined ? 'all' : glob.match(target.path);
  };
  return Object.freeze({ source, match, matches: (target: TargetUrl) => match(target) === 'all' });
}

/** Normalizes `host[:port]` exactly as a target URL's authority would be. */
function parseAuthority(
  hostAndPort: string,
  fail: (why: string) => never,
): { host: string; port: number | undefined; isIp: boolean } {
  if (hostAndPort === '') fail('the host is missing');
  const portText = /:(\d*)$/.exec(hostAndPort)?.[1];
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (portText === '' || port < 1 || port > 65535)) {
    fail('the port must be 1-65535');
  }
  try {
    const { host, isIp } = normalizeUrl(`http://${hostAndPort}/`);
    return { host, port, isIp };
  } catch (error) {
    if (error instanceof BrokerRefusal) fail('the host is not valid');
    throw error;
  }
}
