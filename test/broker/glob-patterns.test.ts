/** mquickjs-ruby's URL globs (`glob:` entries), matched part by part on the parsed URL. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePattern } from '../../src/broker/patterns.js';
import { normalizeUrl } from '../../src/broker/url.js';

const match = (pattern: string, url: string) =>
  compilePattern(`glob:${pattern}`).match(normalizeUrl(url));

describe('glob: patterns (mquickjs-ruby syntax)', () => {
  const cases: [string, string, 'all' | 'some' | 'none'][] = [
    ['**://*.datocms.com/**', 'https://site-api.datocms.com/items?x=1', 'all'],
    ['**://*.datocms.com/**', 'http://a.b.datocms.com/', 'all'],
    ['**://*.datocms.com/**', 'https://datocms.com/', 'none'],
    ['**://*.datocms.com/**', 'https://evil.com?.datocms.com/x', 'none'],
    ['**://*.datocms.com/**', 'https://evil.com#.datocms.com/x', 'none'],
    ['**', 'http://anything.test:8080/a?b#c', 'all'],
    ['https://**', 'https://a.test/x/y', 'all'],
    ['https://**', 'http://a.test/x/y', 'none'],
    ['*', 'https://a.test/', 'none'],
    ['https://*/**', 'https://a.test/x', 'all'],
    ['https://api-*.example.com/**', 'https://api-eu.example.com/v1', 'all'],
    ['https://api-*.example.com/**', 'https://web.example.com/v1', 'none'],
    ['http*://a.test/**', 'https://a.test/x', 'all'],
    ['http*://a.test/**', 'http://a.test/x', 'all'],
    ['https://a.test/json', 'https://a.test/json', 'all'],
    ['https://a.test/json', 'https://a.test/json?x=1', 'none'],
    ['https://a.test/users?page=*', 'https://a.test/users?page=2', 'all'],
    ['https://a.test/users?page=*', 'https://a.test/users?page=2/x', 'none'],
    ['https://a.test/a#frag', 'https://a.test/a#frag', 'all'],
    ['https://a.test/a#frag', 'https://a.test/a', 'none'],
    ['**/admin/**', 'https://a.test/admin/x', 'all'],
    ['**/admin/**', 'https://a.test/x/admin/y', 'all'],
    ['**/admin/**', 'https://a.test/public/x', 'none'],
    ['**/admin/**', 'https://a.test/%61dmin/x', 'all'],
    // One reading of the path is /admin/x: neither list may decide on it.
    ['**/admin/**', 'https://a.test/public/..%2Fadmin/x', 'some'],
    ['https://a.test/**', 'https://A.TEST./x', 'all'],
    ['https://a.test/**', 'https://a.test:8443/x', 'none'],
    ['https://a.test:8443/**', 'https://a.test:8443/x', 'all'],
    ['https://a.test/**', 'https://a.test:443/x', 'all'],
  ];
  for (const [pattern, url, expected] of cases)
    test(`${pattern} ${expected === 'all' ? 'matches' : expected === 'none' ? 'does not match' : 'is unsure of'} ${url}`, () => {
      assert.equal(match(pattern, url), expected);
    });

  test('"**" inside a host is refused, naming the entry', () => {
    assert.throws(() => compilePattern('glob:https://a**b.test/'), {
      message:
        'invalid URL pattern "glob:https://a**b.test/": "**" in a host: write *.example.com, or ** for any host',
    });
  });
});
