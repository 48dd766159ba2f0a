// attack: change what Bun's realm shares: URL.prototype.toString, TextEncoder.prototype.encode, Response.prototype.json, the Object.prototype and Array.prototype behind its objects, crypto.subtle, an event's isTrusted getter
// expect: value {"strict": ["TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "TypeError"], "unchanged": true}
'use strict';
const hostObjectPrototype = Object.getPrototypeOf(URL.prototype);
const hostArrayPrototype = Object.getPrototypeOf(new URLSearchParams('a=1').getAll('a'));
const isTrusted = Object.getOwnPropertyDescriptor(new Event('x'), 'isTrusted').get;
const attempts = [
  () => (URL.prototype.toString = () => 'owned'),
  () => (TextEncoder.prototype.encode = () => 'owned'),
  () => (Response.prototype.json = () => 'owned'),
  () => (hostObjectPrototype.polluted = 'owned'),
  () => (hostArrayPrototype.push = () => 'owned'),
  () => (crypto.subtle.digest = () => 'owned'),
  () => (isTrusted.owned = true),
];
const strict = attempts.map((attempt) => {
  try {
    attempt();
    return 'changed';
  } catch (error) {
    return error.name;
  }
});
const unchanged =
  String(new URL('http://a.test/')) === 'http://a.test/' &&
  new TextEncoder().encode('a')[0] === 97 &&
  {}.polluted === undefined &&
  hostObjectPrototype.polluted === undefined &&
  typeof crypto.subtle.digest('SHA-256', new Uint8Array(1)).then === 'function' &&
  isTrusted.owned === undefined;
({ strict, unchanged });
