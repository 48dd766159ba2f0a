/**
 * Why an allowed fetch did not complete: a limit (HTTPLimitError) or the request itself failed
 * (HTTPError). Refusals before anything is sent are BrokerRefusal (refusal.ts).
 */
export class BrokerFailure extends Error {
  override readonly name = 'BrokerFailure';
  constructor(
    readonly kind: 'HTTPLimitError' | 'HTTPError',
    message: string,
    /** No connection was made, so nothing was sent: another vetted address may be tried. */
    readonly unconnected = false,
  ) {
    super(message);
  }
}

export const limitExceeded = (message: string) => new BrokerFailure('HTTPLimitError', message);
export const requestFailed = (message: string) => new BrokerFailure('HTTPError', message);
