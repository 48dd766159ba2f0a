/**
 * Name resolution for the broker. It resolves once per hop and connects to exactly the address it
 * vetted, so a name that answers differently the second time (DNS rebinding) gains nothing.
 */
import { BrokerFailure } from './failure.js';
import { BrokerRefusal } from './refusal.js';

/**
 * Every address the name has. Rejects with BrokerRefusal when the name has none (fail closed),
 * with BrokerFailure when the lookup itself failed or timed out, or with the signal's reason.
 */
export type Resolver = (host: string, signal: AbortSignal) => Promise<string[]>;

/** Addresses for `host`: the static override, else the resolver's answer. */
export async function resolveHost(
  host: string,
  overrides: Readonly<Record<string, string>>,
  resolver: Resolver,
  signal: AbortSignal,
): Promise<string[]> {
  const pinned = Object.hasOwn(overrides, host) ? overrides[host] : undefined;
  if (pinned !== undefined) return [pinned];
  let addresses: string[];
  try {
    addresses = await resolver(host, signal);
  } catch (error) {
    if (error instanceof BrokerRefusal || error instanceof BrokerFailure) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new BrokerRefusal('unresolvable', `${host} could not be resolved (${code})`);
  }
  if (addresses.length === 0)
    throw new BrokerRefusal('unresolvable', `${host} resolved to no address`);
  return addresses;
}
