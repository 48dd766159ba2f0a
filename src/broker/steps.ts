/** The broker's policy steps, in pipeline order (pipeline.ts). Each refuses with BrokerRefusal. */
import type { HttpPolicy } from '../http-options.js';
import { vetAddress } from './addresses.js';
import { readPath } from './path-glob.js';
import { BrokerFailure } from './failure.js';
import type { Step } from './pipeline.js';
import { BrokerRefusal } from './refusal.js';
import { resolveHost, type Resolver } from './resolver.js';

export const checkMethod =
  (policy: HttpPolicy): Step =>
  (next) =>
  (hop) => {
    if (!(policy.allowedMethods as readonly string[]).includes(hop.method))
      throw new BrokerRefusal('method', `method ${hop.method} is not in allowedMethods`);
    return next(hop);
  };

export const checkAccess =
  (policy: HttpPolicy): Step =>
  (next) =>
  (hop) => {
    const { mode, patterns } = policy.access;
    const { target } = hop;
    const found = patterns.map((pattern) => pattern.match(target));
    const href = target.url.href;
    if (found.includes('all')) {
      if (mode === 'allow') return next(hop);
      throw new BrokerRefusal('denylist', `${href} matches the denylist`);
    }
    if (found.includes('some')) {
      const reading = readPath(target.path);
      const list = mode === 'allow' ? 'allowlist' : 'denylist';
      throw new BrokerRefusal(
        'ambiguous-path',
        'unreadable' in reading
          ? `${href}: its path has ${reading.unreadable}, which servers read in different ways, and a path pattern of the ${list} covers this origin`
          : `${href}: servers read its path as ${reading.plain} or as ${reading.decoded}, and a path pattern of the ${list} matches only one of them`,
      );
    }
    if (mode === 'allow') throw new BrokerRefusal('allowlist', `${href} is not in the allowlist`);
    return next(hop);
  };

export const checkPort =
  (policy: HttpPolicy): Step =>
  (next) =>
  (hop) => {
    if (!policy.allowedPorts.includes(hop.target.port))
      throw new BrokerRefusal('port', `port ${hop.target.port} is not in allowedPorts`);
    return next(hop);
  };

/**
 * Headers the broker owns: framing and routing are set from the checked request, never taken
 * from the script (a Host header could name another virtual host than the allowlist checked).
 */
const OWNED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'http2-settings',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Field values: visible ASCII, obs-text, space and tab; no CR, LF or NUL (header injection).
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const MAX_HEADER_BYTES = 64 * 1024;

export const cleanHeaders: Step = (next) => (hop) => {
  const headers: [string, string][] = [];
  let bytes = 0;
  for (const [name, value] of hop.headers) {
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value))
      throw new BrokerRefusal('header', `header ${JSON.stringify(name)} is not a valid header`);
    bytes += name.length + value.length + 4;
    const lower = name.toLowerCase();
    if (OWNED.has(lower) || lower.startsWith('proxy-')) continue;
    headers.push([lower, value]);
  }
  if (bytes > MAX_HEADER_BYTES)
    throw new BrokerRefusal('header', `request headers exceed ${MAX_HEADER_BYTES} bytes`);
  if (!headers.some(([name]) => name === 'accept-encoding'))
    headers.push(['accept-encoding', 'gzip, deflate, br']);
  if (!headers.some(([name]) => name === 'user-agent')) headers.push(['user-agent', 'bunker']);
  return next({ ...hop, headers });
};

/**
 * Resolves once and vets every address: if any is not allowed, none is used (a name with one
 * public and one private answer could otherwise be steered to the private one). The hop then
 * connects only to these addresses and never looks the name up again.
 */
export const pinAddress =
  (policy: HttpPolicy, resolver: Resolver): Step =>
  (next) =>
  async (hop) => {
    const { target } = hop;
    if (!target.isIp) hop.progress.resolving = target.host;
    const addresses = target.isIp
      ? [target.host]
      : await resolveHost(target.host, policy.resolve, resolver, hop.signal)
          .catch((error: unknown) => {
            // The record says where the time went: cut or timed out while the name was asked.
            if (!hop.signal.aborted || !(hop.signal.reason instanceof BrokerFailure)) throw error;
            const { kind, message } = hop.signal.reason;
            throw new BrokerFailure(kind, `${message} (while resolving ${target.host})`);
          })
          .finally(() => (hop.progress.resolving = undefined));
    for (const address of addresses) {
      const reason = vetAddress(address, policy);
      if (reason === undefined) continue;
      const of = target.isIp ? '' : `, an address of ${target.host}`;
      throw new BrokerRefusal(
        'private-address',
        `blockPrivateIps refuses ${address} (${reason})${of}`,
      );
    }
    return next({ ...hop, addresses });
  };
