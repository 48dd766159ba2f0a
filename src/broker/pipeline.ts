/**
 * One hop of a fetch as a pipeline of small policy steps, shaped like undici interceptors:
 * each step checks or adjusts the hop and calls the next; the last one connects. Order matters
 * and is fixed here: method → allow/deny → port → headers → resolve and vet → connect to a
 * vetted address. Redirects re-enter the whole pipeline (broker.ts).
 */
import type { HttpPolicy } from '../http-options.js';
import { BrokerFailure } from './failure.js';
import type { Resolver } from './resolver.js';
import { checkAccess, checkMethod, checkPort, cleanHeaders, pinAddress } from './steps.js';
import { sendHop, type HopProgress, type HopResponse } from './transport.js';
import type { TargetUrl } from './url.js';

export interface Hop {
  target: TargetUrl;
  method: string;
  headers: readonly [string, string][];
  body: Buffer | null;
  signal: AbortSignal;
  /** What became of the hop so far, for the record of a hop the eval's end cuts. */
  progress: HopProgress;
  /** Set by the resolve-and-vet step: the only addresses this hop may connect to, all vetted. */
  addresses?: readonly string[];
}

export type Handler = (hop: Hop) => Promise<HopResponse>;
export type Step = (next: Handler) => Handler;

export function hopPipeline(policy: HttpPolicy, resolver: Resolver): Handler {
  const steps: Step[] = [
    checkMethod(policy),
    checkAccess(policy),
    checkPort(policy),
    cleanHeaders,
    pinAddress(policy, resolver),
  ];
  // Vetted addresses in resolver order; the next is tried only when no connection was made (a
  // name with an IPv6 address first, on a host without IPv6 routes).
  const connect: Handler = async (hop) => {
    const addresses = hop.addresses ?? [];
    if (addresses.length === 0) throw new Error('broker: hop reached connect without an address');
    hop.progress.sent = true;
    for (let i = 0; ; i++) {
      try {
        return await sendHop({
          progress: hop.progress,
          target: hop.target,
          address: addresses[i]!,
          method: hop.method,
          headers: hop.headers,
          body: hop.body,
          ca: policy.caCertificates,
          maxResponseBytes: policy.maxResponseBytes,
          signal: hop.signal,
        });
      } catch (error) {
        const retry = error instanceof BrokerFailure && error.unconnected && !hop.signal.aborted;
        if (!retry || i + 1 >= addresses.length) throw error;
      }
    }
  };
  return steps.reduceRight<Handler>((next, step) => step(next), connect);
}
