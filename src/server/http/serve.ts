/**
 * `bunker serve --http`: listens, reports where on stderr (a JSON line with `event: "listening"`),
 * and drains on SIGTERM/SIGINT: /readyz turns 503 and new /v1 requests get 503 at once, requests
 * in progress finish (for at most drainTimeoutMs, then their connections are cut), every sandbox
 * is disposed, and the promise resolves 0. A second signal resolves 1 at once.
 */
import type { AddressInfo } from 'node:net';
import { ArgumentError } from '../../errors.js';
import { buildNode, type WriteLog } from './app.js';
import type { HttpServerConfig } from './config.js';
import { isLoopback } from './listen-address.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function serveHttp(
  config: HttpServerConfig,
  signals: NodeJS.EventEmitter,
  writeLog: WriteLog,
): Promise<number> {
  if (!config.tokens && !isLoopback(config.listen.host))
    throw new ArgumentError(
      `refusing to listen on ${config.listen.host} without --token-file: anyone who can reach ` +
        'it could run code here; give a token file, or listen on 127.0.0.1 or ::1',
    );
  const node = buildNode(config, writeLog);
  const address = await node.app.listen({ host: config.listen.host, port: config.listen.port });
  node.ready = true;
  const bound = node.app.server.address() as AddressInfo;
  // `url` is one this machine can reach it at; `address` is what it is bound to.
  writeLog(
    JSON.stringify({
      event: 'listening',
      url: address,
      address: `${bound.address}:${bound.port}`,
      node: config.nodeId,
    }),
  );

  return new Promise((resolve) => {
    const finish = (status: number) => {
      for (const signal of SIGNALS) signals.off(signal, onSignal);
      resolve(status);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (node.draining) {
        writeLog(JSON.stringify({ event: 'exiting', reason: `${signal} again` }));
        return finish(1);
      }
      node.draining = true;
      node.ready = false;
      writeLog(JSON.stringify({ event: 'draining', reason: signal, inFlight: node.inFlight }));
      void drain().then(
        () => finish(0),
        (error: unknown) => {
          writeLog(JSON.stringify({ event: 'drain failed', error: String(error) }));
          finish(1);
        },
      );
    };
    const drain = async () => {
      const deadline = Date.now() + config.drainTimeoutMs;
      while (node.inFlight > 0 && Date.now() < deadline)
        await new Promise((wake) => setTimeout(wake, 20));
      const cut = node.inFlight;
      await node.sessions.close();
      const closed = node.app.close();
      // What is still in progress past the timeout loses its connection rather than hold the exit.
      if (cut > 0) node.app.server.closeAllConnections();
      await closed;
      writeLog(JSON.stringify({ event: 'drained', cut }));
    };
    for (const signal of SIGNALS) signals.on(signal, onSignal);
  });
}
