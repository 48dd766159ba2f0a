/**
 * The TypeScript client of `bunker serve --http`: the local API's shape (`run`, sandboxes with
 * `eval`, `setVariable`, `dispose`) and the same Result and error classes, over HTTP.
 * Values cross as JSON (docs/values.md): a Date comes back as its ISO string, as from `--json`.
 */
import { ArgumentError } from '../errors.js';
import type { Options } from '../options.js';
import { settle, type Result } from '../result.js';
import { outcomeOf, Transport } from './transport.js';

/** Besides the script's own timeoutMs: the node's queue, the network, the balancer. */
const ANSWER_MARGIN_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 5000;

export interface ConnectOptions {
  /** The bearer token; none for a loopback server started without --token-file. */
  token?: string;
}

export interface RemoteSandbox {
  /** `NODE.UUID`: names the node that holds it. */
  readonly id: string;
  eval(code: string): Promise<Result>;
  /** `value` must be JSON (ArgumentError otherwise). */
  setVariable(name: string, value: unknown): Promise<void>;
  dispose(): Promise<void>;
}

export interface Client {
  run(code: string, options?: Options): Promise<Result>;
  createSandbox(options?: Options): Promise<RemoteSandbox>;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** A client of the service at `url` (`http://host:port`). Connects lazily, per request. */
export function connect(url: string, { token }: ConnectOptions = {}): Client {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new ArgumentError(`connect: ${JSON.stringify(url)} is not a URL`, 'INVALID_ARGUMENT');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new ArgumentError(`connect: ${url} must be http: or https:`, 'INVALID_ARGUMENT');
  const transport = new Transport(base, token);
  const waitFor = (options?: Options) =>
    (options?.timeoutMs ?? DEFAULT_TIMEOUT_MS) + ANSWER_MARGIN_MS;

  return {
    async run(code, options) {
      const answer = await transport.send(
        'POST',
        '/v1/run',
        JSON.stringify({ code, options }),
        waitFor(options),
      );
      return settle(outcomeOf(answer));
    },
    async createSandbox(options) {
      const answer = await transport.send(
        'POST',
        '/v1/sandboxes',
        JSON.stringify({ options }),
        waitFor(options),
      );
      if (answer.status !== 201) settle(outcomeOf(answer));
      const id = (answer.body as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') settle(outcomeOf(answer));
      return remoteSandbox(transport, id as string, waitFor(options));
    },
    close: () => transport.close(),
  };
}

function remoteSandbox(transport: Transport, id: string, waitMs: number): RemoteSandbox {
  const path = `/v1/sandboxes/${encodeURIComponent(id)}`;
  const expectEmpty = async (method: string, suffix: string, body?: string) => {
    const answer = await transport.send(method, path + suffix, body, waitMs);
    if (answer.status !== 204) settle(outcomeOf(answer));
  };
  return {
    id,
    async eval(code) {
      const answer = await transport.send('POST', `${path}/eval`, JSON.stringify({ code }), waitMs);
      return settle(outcomeOf(answer));
    },
    async setVariable(name, value) {
      if (typeof name !== 'string' || name === '')
        throw new ArgumentError('variable name must be a non-empty string', 'INVALID_ARGUMENT');
      const body = JSON.stringify(value);
      if (body === undefined)
        throw new ArgumentError(
          `setVariable("${name}"): the value must be JSON (got ${typeof value})`,
          'INVALID_ARGUMENT',
        );
      await expectEmpty('PUT', `/variables/${encodeURIComponent(name)}`, body);
    },
    dispose: () => expectEmpty('DELETE', ''),
  };
}
