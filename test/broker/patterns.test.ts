import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePattern } from '../../src/broker/patterns.js';
import { normalizeUrl } from '../../src/broker/url.js';

function matches(pattern: string, url: string): boolean {
  return compilePattern(pattern).matches(normalizeUrl(url));
}

describe('host patterns', () => {
  for (const url of [
    'https://api.example.com/x',
    'HTTPS://API.EXAMPLE.COM/x',
    'https://api.example.com./x',
    'https://api.example.com:443/x',
    'http://api.example.com:8080/any/path?q#f',
  ]) {
    test(`api.example.com matches ${url}`, () => {
      assert.equal(matches('api.example.com', url), true);
    });
  }

  for (const url of [
    'https://api.example.com.evil.test/',
    'https://evil-api.example.com/',
    'https://example.com/',
    'https://x.api.example.com/',
  ]) {
    test(`api.example.com does not match ${url}`, () => {
      assert.equal(matches('api.example.com', url), false);
    });
  }

  test('is normalized like a target: case, trailing dot, IDN, IPv4 spelling', () => {
    assert.equal(matches('API.Example.COM.', 'https://api.example.com/'), true);
    assert.equal(matches('bücher.de', 'https://xn--bcher-kva.de/'), true);
    assert.equal(matches('127.1', 'http://2130706433/'), true);
    assert.equal(matches('[::1]', 'http://[0:0::1]/'), true);
  });

  test('with a port matches only that port', () => {
    assert.equal(matches('api.example.com:8443', 'https://api.example.com:8443/'), true);
    assert.equal(matches('api.example.com:8443', 'https://api.example.com/'), false);
    assert.equal(matches('api.example.com:443', 'https://api.example.com/'), true);
    assert.equal(matches('[::1]:8080', 'http://[::1]:8080/'), true);
  });

  test('*.example.com matches subdomains at any depth but not the domain itself', () => {
    assert.equal(matches('*.example.com', 'https://a.example.com/'), true);
    assert.equal(matches('*.example.com', 'https://a.b.example.com/'), true);
    assert.equal(matches('*.example.com', 'https://example.com/'), false);
    assert.equal(matches('*.example.com', 'https://badexample.com/'), false);
    assert.equal(matches('*.example.com', 'https://a.example.com.evil.test/'), false);
  });
});

describe('URL patterns', () => {
  test('a scheme pins the scheme and, without a port, its default port', () => {
    assert.equal(matches('https://api.example.com', 'https://api.example.com/a/b'), true);
    assert.equal(matches('https://api.example.com', 'http://api.example.com/'), false);
    assert.equal(matches('https://api.example.com', 'https://api.example.com:8443/'), false);
    assert.equal(matches('https://api.example.com:8443', 'https://api.example.com:8443/'), true);
  });

  test('scheme * takes either scheme on that scheme’s default port', () => {
    assert.equal(matches('*://api.example.com', 'http://api.example.com/'), true);
    assert.equal(matches('*://api.example.com', 'https://api.example.com/'), true);
    assert.equal(matches('*://api.example.com', 'http://api.example.com:443/'), false);
    assert.equal(matches('*://api.example.com:81', 'https://api.example.com:81/'), true);
  });

  test('no path matches every path; "/" matches only the root', () => {
    assert.equal(matches('https://api.example.com', 'https://api.example.com/deep/x?y'), true);
    assert.equal(matches('https://api.example.com/', 'https://api.example.com/?q=1'), true);
    assert.equal(matches('https://api.example.com/', 'https://api.example.com/x'), false);
  });

  test('** spans segments and a trailing /** covers the directory itself', () => {
    const p = 'https://api.github.com/repos/**';
    assert.equal(matches(p, 'https://api.github.com/repos/a/b/c'), true);
    assert.equal(matches(p, 'https://api.github.com/repos'), true);
    assert.equal(matches(p, 'https://api.github.com/reposx'), false);
    assert.equal(matches(p, 'https://api.github.com/admin'), false);
  });

  test('* stays within one segment', () => {
    const p = 'https://api.github.com/repos/*/issues';
    assert.equal(matches(p, 'https://api.github.com/repos/bunker/issues'), true);
    assert.equal(matches(p, 'https://api.github.com/repos/a/b/issues'), false);
    assert.equal(matches('https://x.test/*.json', 'https://x.test/data.json'), true);
    assert.equal(matches('https://x.test/*.json', 'https://x.test/a/data.json'), false);
  });

  test('does not let %2e%2e climb out of a path glob', () => {
    const p = 'https://api.github.com/repos/**';
    assert.equal(matches(p, 'https://api.github.com/repos/%2e%2e/admin'), false);
    assert.equal(matches(p, 'https://api.github.com/repos/x/%2E%2E/%2e%2e/admin'), false);
  });

  test('compares percent-escapes in canonical form, so /%61dmin is /admin', () => {
    assert.equal(matches('https://x.test/admin/**', 'https://x.test/%61dmin/users'), true);
    assert.equal(matches('https://x.test/a%2fb', 'https://x.test/a%2Fb'), true);
    assert.equal(matches('https://x.test/{id}', 'https://x.test/%7bid%7D'), true);
    assert.equal(matches('https://x.test/a/b', 'https://x.test/a%2Fb'), false);
  });

  test('paths are case-sensitive and ignore the query', () => {
    assert.equal(matches('https://x.test/Admin', 'https://x.test/admin'), false);
    assert.equal(matches('https://x.test/admin', 'https://x.test/admin?via=/public'), true);
  });

  for (const url of ['https://evil.com?.example.com/', 'https://evil.com#.example.com/']) {
    test(`*.example.com cannot be satisfied by ${url}`, () => {
      assert.equal(normalizeUrl(url).host, 'evil.com');
      assert.equal(matches('https://*.example.com/**', url), false);
      assert.equal(matches('*.example.com', url), false);
    });
  }

  test('a backslash cannot smuggle a different host past the check', () => {
    const target = normalizeUrl('https://api.example.com\\@evil.test/');
    assert.equal(target.host, 'api.example.com');
    assert.equal(target.url.host, 'api.example.com');
    assert.equal(compilePattern('api.example.com').matches(target), true);
    assert.equal(compilePattern('evil.test').matches(target), false);
  });

  test('keeps its source text', () => {
    assert.equal(compilePattern('*.Example.com').source, '*.Example.com');
  });
});

describe('paths a server could read as another path', () => {
  const publicOnly = compilePattern('http://api.test/public/**');
  const match = (path: string) => publicOnly.match(normalizeUrl(`http://api.test${path}`));

  for (const path of [
    '/public/..%2Fadmin/users',
    '/public/..;/admin/users',
    '/public/%2e%2e%2fadmin/users',
    '/public/..%5Cadmin/users',
    '/public/a/..%2F..%2Fadmin',
    '/public/%252e%252e%252fadmin',
    '/public/%%32%66admin',
    '/public/%C0%AE%C0%AE/admin',
    '/public/x;jsessionid=1',
  ]) {
    test(`${path} is matched only in some readings ("some"), never as a whole`, () => {
      assert.equal(match(path), 'some');
      assert.equal(publicOnly.matches(normalizeUrl(`http://api.test${path}`)), false);
    });
  }

  test('an encoded slash that stays under the glob in both readings matches', () => {
    assert.equal(match('/public/group%2Fproject/issues'), 'all');
    assert.equal(match('/public/caf%C3%A9'), 'all');
    assert.equal(match('/admin/users'), 'none');
  });

  test('a glob written with %2F matches the same path in both readings', () => {
    const p = compilePattern('https://x.test/a%2fb');
    assert.equal(p.match(normalizeUrl('https://x.test/a%2Fb')), 'all');
    assert.equal(p.match(normalizeUrl('https://x.test/a/b')), 'some');
  });

  test('a host-only pattern never looks at the path', () => {
    assert.equal(compilePattern('api.test').match(normalizeUrl('http://api.test/a;b')), 'all');
  });
});

describe('invalid patterns', () => {
  for (const [source, why] of [
    ['', /empty/],
    ['   ', /whitespace/],
    ['api.example.com ', /whitespace/],
    ['user@api.example.com', /username or password/],
    ['https://user:pw@api.example.com/', /username or password/],
    ['a*.example.com', /whole leading label/],
    ['api.*.example.com', /whole leading label/],
    ['**.example.com', /whole leading label/],
    ['*', /whole leading label/],
    ['*.', /host is missing/],
    ['*.127.0.0.1', /IP address/],
    ['ftp://example.com/', /scheme must be http, https or \*/],
    ['://example.com', /scheme/],
    ['example.com/path', /needs a scheme/],
    ['https://example.com/?q=1', /"\?"/],
    ['https://example.com/#x', /"#"/],
    ['https://example.com\\x', /"\\"/],
    ['example.com:0', /port must be 1-65535/],
    ['example.com:65536', /port must be 1-65535/],
    ['example.com:', /port must be 1-65535/],
    ['https://', /host is missing/],
    ['exa mple.com', /whitespace/],
    ['example..com', /host is not valid/],
    ['::1', /host is not valid/],
  ] as const) {
    test(`rejects ${JSON.stringify(source)} naming the entry`, () => {
      assert.throws(
        () => compilePattern(source),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.equal(error.name, 'Error');
          assert.ok(error.message.startsWith(`invalid URL pattern ${JSON.stringify(source)}: `));
          assert.match(error.message, why);
          return true;
        },
      );
    });
  }
});
