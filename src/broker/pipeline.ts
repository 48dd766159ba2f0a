/**
 * One hop of a fetch as a pipeline of small policy steps, shaped like undici interceptors:
 * each step checks or adjusts the hop and calls the next; the last one connects. Order matters
 * and is fixed here: method → allow/deny → port → headers → resolve and vet → connect to the
 * vetted address. Redirects re-enter the whole pipeline (broker.ts).
 */
import type { HttpPolicy } from '../http-options.js';
import type { Resolver } from './resolver.js';
import { checkAccess, checkMethod, checkPort, cleanHeaders, pinAddress } from './steps.js';
import { sendHop, type HopResponse } from './transport.js';
import type { TargetUrl } from './url.js';

export interface Hop {
  target: TargetUrl;
  method: string;
  headers: readonly [string, string][];
  body: Buffer | null;
  signal: AbortSignal;
  /** Set by the resolve-and-vet step: the one address this hop may connect to. */
  address?: string;
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
  const connect: Handler = (hop) => {
    if (hop.address === undefined)
      throw new Error('broker: hop reached connect without an address');
    return sendHop({
      target: hop.target,
      address: hop.address,
      method: hop.method,
      headers: hop.headers,
      body: hop.body,
      ca: policy.caCertificates,
      maxResponseBytes: policy.maxResponseBytes,
      signal: hop.signal,
    });
  };
  return steps.reduceRight<Handler>((next, step) => step(next), connect);
}
