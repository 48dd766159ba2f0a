/**
 * Path globs of URL patterns (patterns.ts), and the one question that makes them hard: which path
 * will the server serve? WHATWG URL has already resolved `.`/`..` and their `%2e` spellings, but
 * servers differ beyond that. Some decode `%2F` before resolving `..` (`/public/..%2Fadmin` is
 * `/admin` to them, `/public/..%2Fadmin` to the others); some strip `;` parameters from segments
 * (Tomcat reads `/public/..;/admin` as `/public/../admin`); some decode twice (`%252F`); some read
 * invalid UTF-8 such as `%C0%AE` as `.`.
 *
 * So a path is read both ways a server may read it: as it is, and with every escape decoded and
 * dot segments resolved again. A glob matches a path when both readings match (`all`), and the
 * broker refuses a path that only one reading matches (`some`). A path whose readings cannot be
 * bounded — a `;`, a `\`, an escape that decodes to another escape, invalid UTF-8 — is `some`
 * for every glob of its origin: refused by allowlists and denylists alike.
 */

export type PathMatch = 'all' | 'some' | 'none';

export interface PathGlob {
  match(path: string): PathMatch;
}

/** A target path as the broker compares it, or why it cannot be. */
export type PathReading = { plain: string; decoded: string } | { unreadable: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Both readings of a target's `url.pathname`, or why it has more than these two. */
export function readPath(path: string): PathReading {
  const bytes = Buffer.from(percentDecode(path), 'latin1');
  const decoded = bytes.toString('latin1');
  if (decoded.includes(';')) return { unreadable: 'a ";" parameter' };
  if (decoded.includes('\\')) return { unreadable: 'an encoded "\\"' };
  if (decoded.includes('%')) return { unreadable: 'a "%" left after decoding (double encoding)' };
  try {
    strictUtf8.decode(bytes);
  } catch {
    return { unreadable: 'escapes that are not UTF-8' };
  }
  return { plain: canonicalPath(path), decoded: resolveDots(decoded) };
}

/**
 * Compiles a glob: `*` within one segment, `**` anything, a trailing `/**` also matches the path
 * without it. The glob is parsed as a URL path first, so its literal parts are percent-encoded
 * and dot-resolved the same way as a target's, and then compared in both readings.
 */
export function compilePathGlob(glob: string): PathGlob {
  const normalized = canonicalPath(new URL(`http://pattern.invalid${glob}`).pathname);
  const tail = normalized.endsWith('/**') ? '(?:/.*)?' : '';
  const parts = (tail === '' ? normalized : normalized.slice(0, -3)).split(/(\*\*|\*)/);
  const regex = (literal: (part: string) => string) =>
    new RegExp(
      `^${parts.map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : escapeRegExp(literal(part)))).join('')}${tail}$`,
      's',
    );
  const plain = regex((part) => part);
  const decoded = regex(percentDecode);
  return {
    match(path: string): PathMatch {
      const reading = readPath(path);
      if ('unreadable' in reading) return 'some';
      const hits = Number(plain.test(reading.plain)) + Number(decoded.test(reading.decoded));
      return hits === 2 ? 'all' : hits === 1 ? 'some' : 'none';
    },
  };
}

const unreserved = /^[A-Za-z0-9\-._~]$/;

/**
 * RFC 3986 §6.2.2 form for comparison: escapes of unreserved characters decoded, other escapes
 * upper-cased. Without it `/%61dmin` would slip past a denylist entry for `/admin`, as the
 * server decodes it but WHATWG URL does not.
 */
function canonicalPath(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return unreserved.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** Every escape decoded, one byte per character (latin1), as a server's decoder would see it. */
function percentDecode(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** RFC 3986 §5.2.4 on an absolute path: `.` dropped, `..` removes the segment before it. */
function resolveDots(path: string): string {
  const out: string[] = [];
  const segments = path.split('/').slice(1);
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '..') out.pop();
    if (segment === '.' || segment === '..') {
      if (last) out.push('');
    } else out.push(segment);
  });
  return `/${out.join('/')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
