/**
 * /etc/hosts, read by the broker itself: its DNS lookups go through c-ares (dns.ts), which does
 * not read it. Read with a synchronous call, as getaddrinfo would: async fs calls queue on the
 * same libuv threadpool that a stalled lookup used to hold, and the file is re-read only when it
 * changes.
 */
import { readFileSync, statSync } from 'node:fs';
import { isIpLiteral } from './addresses.js';

export class HostsFile {
  private cache: { stamp: string; names: Map<string, string[]> } | undefined;

  constructor(private readonly path = '/etc/hosts') {}

  /** Addresses listed for `host` (lower case, no trailing dot), in file order; [] when none. */
  addresses(host: string): string[] {
    return this.names().get(host) ?? [];
  }

  private names(): Map<string, string[]> {
    let stamp: string;
    try {
      const { mtimeMs, size, ino } = statSync(this.path);
      stamp = `${ino}:${size}:${mtimeMs}`;
    } catch {
      return new Map();
    }
    if (this.cache?.stamp !== stamp) {
      let text = '';
      try {
        text = readFileSync(this.path, 'latin1');
      } catch {
        // Unreadable between stat and read: no entries, as if it were missing.
      }
      this.cache = { stamp, names: parseHosts(text) };
    }
    return this.cache.names;
  }
}

/** `address name alias…` lines; `#` starts a comment; entries that are not IP literals are skipped. */
export function parseHosts(text: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const [address, ...hosts] = line.replace(/#.*/, '').trim().split(/\s+/);
    // Zoned IPv6 (`fe80::1%eth0`) is not a literal the broker could vet or pin: skipped.
    if (address === undefined || !isIpLiteral(address)) continue;
    for (const raw of hosts) {
      const host = raw.toLowerCase().replace(/\.$/, '');
      const list = names.get(host) ?? [];
      if (!list.includes(address)) list.push(address);
      names.set(host, list);
    }
  }
  return names;
}
