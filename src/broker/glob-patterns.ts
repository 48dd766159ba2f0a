/**
 * mquickjs-ruby's URL globs (`glob:` entries of allowlist/denylist; the Ruby gem's mquickjs shim
 * writes every entry so): `**` matches any characters, `*` any but `/`, everything else is
 * literal, and a pattern covers the whole URL, query and fragment included. mquickjs matched the
 * glob against the raw URL string, which let `https://evil.com?.example.com/api/x` pass for
 * `https://*.example.com/api/*`. Here each part of the glob is matched against the same part of
 * the parsed, normalized URL: the scheme, the host (with `:port` when not the scheme's default),
 * and the rest (path, query, fragment). A path a server could read as another path is matched in
 * both readings, as for bunker's own patterns (path-glob.ts).
 *
 * Forms: `scheme://authority/rest` with globs in each part; a glob starting with `**` and no
 * `://` (`**`, `**` + `/admin/**`) covers any scheme and host; anything else without `://`
 * matches no URL, as it matched none in mquickjs (every URL has a `//`).
 */
import { readPath, type PathMatch } from './path-glob.js';
import type { UrlPattern } from './patterns.js';
import { defaultPort, type TargetUrl } from './url.js';

export const GLOB_PREFIX = 'glob:';

const ANY = /^.*$/s;

function globRegex(glob: string): RegExp {
  const body = glob
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** @throws Error naming the entry for a glob that puts `**` inside a host. */
export function compileGlobPattern(source: string): UrlPattern {
  const glob = source.slice(GLOB_PREFIX.length);
  const fail = (why: string): never => {
    throw new Error(`invalid URL pattern ${JSON.stringify(source)}: ${why}`);
  };
  if (glob === '') fail('it is empty');
  let scheme = ANY;
  let authority = ANY;
  let rest = ANY;
  let none = false;
  const split = glob.indexOf('://');
  if (split >= 0) {
    scheme = globRegex(glob.slice(0, split).toLowerCase());
    const after = glob.slice(split + 3);
    const slash = after.indexOf('/');
    const host = slash < 0 ? after : after.slice(0, slash);
    if (host !== '**') {
      if (host.includes('**')) fail('"**" in a host: write *.example.com, or ** for any host');
      if (host === '') fail('the host is missing');
      authority = globRegex(host.toLowerCase());
      // mquickjs's https://example.com (no path) matched that text only: the path "/".
      rest = globRegex(slash < 0 ? '/' : after.slice(slash));
    } else if (slash >= 0) rest = globRegex(after.slice(slash));
  } else if (glob.startsWith('**')) {
    // The leading ** also covers any start of the path: **/admin/** matches /x/admin/y.
    rest = glob === '**' ? ANY : globRegex(glob);
  } else none = true;

  const match = (target: TargetUrl): PathMatch => {
    if (none || !scheme.test(target.scheme)) return 'none';
    const port = target.port === defaultPort(target.scheme) ? '' : `:${target.port}`;
    const host = target.isIp && target.host.includes(':') ? `[${target.host}]` : target.host;
    if (!authority.test(host + port)) return 'none';
    if (rest === ANY) return 'all';
    const tail = target.url.search + target.url.hash;
    const reading = readPath(target.path);
    if ('unreadable' in reading) return 'some';
    const hits =
      Number(rest.test(reading.plain + tail)) + Number(rest.test(reading.decoded + tail));
    return hits === 2 ? 'all' : hits === 1 ? 'some' : 'none';
  };
  return Object.freeze({ source, match, matches: (target: TargetUrl) => match(target) === 'all' });
}
