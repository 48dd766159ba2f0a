/**
 * DNS for the broker through c-ares (`dns.promises.Resolver`), not getaddrinfo (`dns.lookup`).
 * getaddrinfo holds one of libuv's four threadpool threads for as long as the lookup lasts and
 * cannot be cancelled: a script asking for names whose servers never answer held all four, and
 * every other run's lookups and zlib decompression (the same pool) waited behind them for
 * seconds. c-ares runs on the event loop, holds a socket and no thread, and is cancelled here the
 * moment the lookup's deadline passes or its fetch is aborted. Each lookup gets its own channel
 * (about 0.2 ms to make), so cancelling one cancels nothing else.
 *
 * c-ares reads the nameservers from /etc/resolv.conf, asks for the name as written (no `search`
 * domains), and does not read /etc/hosts: hosts-file.ts does that first.
 */
import { Resolver as CaresResolver } from 'node:dns/promises';
import { requestFailed, type BrokerFailure } from './failure.js';
import { HostsFile } from './hosts-file.js';
import { BrokerRefusal } from './refusal.js';
import type { Resolver } from './resolver.js';
import { Slots } from './slots.js';

/** A name lookup, queue included, ends within this, answered or not. */
export const LOOKUP_TIMEOUT_MS = 5000;
/** Lookups one eval has in flight at once; the rest wait their turn. */
export const LOOKUPS_PER_EVAL = 4;
/**
 * Lookups the whole host process has in flight at once (one UDP socket each). Process-wide on
 * purpose: sockets are a per-process resource, whatever the sandboxes.
 */
export const LOOKUPS_PER_PROCESS = 256;
const processSlots = new Slots(LOOKUPS_PER_PROCESS);

/** Answers that say the name has no address of that family, as opposed to a failed lookup. */
const NO_ADDRESS = new Set(['ENODATA', 'ENOTFOUND']);

/**
 * A resolver for one eval: /etc/hosts first, else DNS for A and AAAA at once (IPv4 first in the
 * answer). At most LOOKUPS_PER_EVAL of its lookups run at once, each bounded by
 * LOOKUP_TIMEOUT_MS, past which the fetch fails with an HTTPError naming the lookup. A name
 * without an address, or a lookup that fails otherwise, refuses the hop as 'unresolvable'.
 */
export function dnsResolver(hostsFile = new HostsFile()): Resolver {
  const evalSlots = new Slots(LOOKUPS_PER_EVAL);
  return async (host, signal) => {
    const listed = hostsFile.addresses(host);
    if (listed.length > 0) return listed;
    const deadline = new AbortController();
    const timer = setTimeout(
      () =>
        deadline.abort(
          requestFailed(`${host}: no answer to the name lookup within ${LOOKUP_TIMEOUT_MS} ms`),
        ),
      LOOKUP_TIMEOUT_MS,
    );
    const stop = AbortSignal.any([signal, deadline.signal]);
    const releases: (() => void)[] = [];
    try {
      releases.push(await evalSlots.take(stop));
      releases.push(await processSlots.take(stop));
      return await query(host, stop);
    } finally {
      clearTimeout(timer);
      for (const release of releases) release();
    }
  };
}

async function query(host: string, stop: AbortSignal): Promise<string[]> {
  // Retries every second; the deadline above, not c-ares, decides when to give up.
  const channel = new CaresResolver({ timeout: 1000, tries: 4 });
  const cancel = () => channel.cancel();
  stop.addEventListener('abort', cancel, { once: true });
  try {
    const answers = await Promise.allSettled([channel.resolve4(host), channel.resolve6(host)]);
    if (stop.aborted) throw stop.reason as BrokerFailure;
    const addresses = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
    if (addresses.length > 0) return addresses;
    const codes = answers.map((a) =>
      a.status === 'rejected' ? String((a.reason as NodeJS.ErrnoException).code) : 'ENODATA',
    );
    const code = codes.find((c) => !NO_ADDRESS.has(c)) ?? codes[0]!;
    throw new BrokerRefusal('unresolvable', `${host} could not be resolved (${code})`);
  } finally {
    stop.removeEventListener('abort', cancel);
  }
}
