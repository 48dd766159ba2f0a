/** Why the broker refuses a request before anything is sent. */

/** Recorded as `blocked` on the request and carried by the HTTPBlockedError the script sees. */
export type BlockReason =
  | 'disabled'
  | 'scheme'
  | 'credentials'
  | 'invalid-url'
  | 'method'
  | 'port'
  | 'allowlist'
  | 'denylist'
  | 'ambiguous-path'
  | 'private-address'
  | 'unresolvable'
  | 'header';

/** Thrown by policy steps; the session maps it to HTTPBlockedError with `message`. */
export class BrokerRefusal extends Error {
  override readonly name = 'BrokerRefusal';

  constructor(
    readonly reason: BlockReason,
    message: string,
  ) {
    super(message);
  }
}
