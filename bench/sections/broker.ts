/**
 * What the fetch broker adds to one request, against a keep-nothing loopback server: the host
 * calling it directly (a new connection each time, as the broker makes), the broker alone (policy,
 * resolve, vet, connect, body), and a script's fetch from a live Sandbox, whose eval of `0` on the
 * same sandbox is measured too so the request's own share can be read off.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Session from '../../src/broker/session.js';
import type * as Options from '../../src/options.js';
import type { FetchReplyFrame } from '../../src/protocol/frames.js';
import { ROOT, type Bunker } from '../lib/bunker.js';
import { latency, sample, type Latency } from '../lib/stats.js';

export interface BrokerFigures {
  /** Host Node: http.request to the server, new connection, body read. */
  direct: Latency;
  /** FetchSession answering one fetch frame: the broker without the guest. */
  broker: Latency;
  /** `Sandbox#eval` of a script doing one fetch and reading its text. */
  sandboxFetch: Latency;
  /** `Sandbox#eval('0')` on the same sandbox: the eval's own share of the line above. */
  sandboxEval: Latency;
}

const COUNT = 1000;
const BODY = 'x'.repeat(100);

const load = async <T>(path: string) =>
  (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;

export async function brokerOverhead({ Sandbox }: Bunker): Promise<BrokerFigures> {
  const server = http.createServer((_req, res) => res.end(BODY));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://api.test:${port}/`;
  const httpOptions = {
    allowlist: ['api.test'],
    allowedPorts: [port],
    resolve: { 'api.test': '127.0.0.1' },
    allowedIps: ['127.0.0.1/32'],
    maxRequests: 100_000,
  };
  try {
    const direct = async () => {
      await new Promise<void>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
          res.on('data', () => {});
          res.on('end', resolve);
        });
        request.on('error', reject);
      });
    };
    await sample(100, direct);
    const directTimes = await sample(COUNT, direct);

    const { FetchSession } = await load<typeof Session>('broker/session.js');
    const { resolveOptions } = await load<typeof Options>('options.js');
    const policy = resolveOptions({ http: httpOptions }).http;
    let answered: (frame: FetchReplyFrame) => void = () => {};
    const session = new FetchSession(policy, {
      reply: (frame) => answered(frame),
      violation: (detail) => {
        throw new Error(detail);
      },
    });
    let fetchId = 0;
    const viaBroker = () =>
      new Promise<void>((resolve) => {
        answered = () => resolve();
        session.handle({
          v: 1,
          type: 'fetch',
          id: 1,
          fetchId: ++fetchId,
          method: 'GET',
          url,
          headers: [],
          body: null,
          redirect: 'follow',
        });
      });
    await sample(100, viaBroker);
    const brokerTimes = await sample(COUNT, viaBroker);
    session.close();

    const sandbox = await Sandbox.create({ http: httpOptions });
    try {
      const code = `(await fetch('${url}')).text()`;
      await sample(100, () => sandbox.eval(code));
      const fetchTimes = await sample(COUNT, () => sandbox.eval(code));
      const evalTimes = await sample(COUNT, () => sandbox.eval('0'));
      return {
        direct: latency(directTimes),
        broker: latency(brokerTimes),
        sandboxFetch: latency(fetchTimes),
        sandboxEval: latency(evalTimes),
      };
    } finally {
      await sandbox.dispose();
    }
  } finally {
    server.close();
  }
}
