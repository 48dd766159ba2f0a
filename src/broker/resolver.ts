/**
 * Name resolution for the broker. It resolves once per hop and connects to exactly the address it
 * vetted, so a name that answers differently the second time (DNS rebinding) gains nothing.
 */
import { lookup } from 'node:dns/promises';
import { BrokerRefusal } from './refusal.js';

/** Every address the name has; a failure or an empty answer refuses the request (fail closed). */
export type Resolver = (host: string) => Promise<string[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address it returns. */
export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Addresses for `host`: the static override, else the resolver's answer. */
export async function resolveHost(
  host: string,
  overrides: Readonly<Record<string, string>>,
  resolver: Resolver,
): Promise<string[]> {
  const pinned = Object.hasOwn(overrides, host) ? overrides[host] : undefined;
  if (pinned !== undefined) return [pinned];
  let addresses: string[];
  try {
    addresses = await resolver(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new BrokerRefusal('unresolvable', `${host} could not be resolved (${code})`);
  }
  if (addresses.length === 0)
    throw new BrokerRefusal('unresolvable', `${host} resolved to no address`);
  return addresses;
}
