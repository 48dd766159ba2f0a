/** Three test nodes behind HAProxy, started with deploy/haproxy.cfg as it is shipped. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TestNode, writeTokenFile } from '../server/http/node.js';

const config = resolve(import.meta.dirname, '..', '..', 'deploy', 'haproxy.cfg');

export const haproxyMissing =
  spawnSync('haproxy', ['-v'], { encoding: 'utf8' }).status === 0
    ? false
    : 'haproxy is not installed (scripts/setup.sh installs it)';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export class Cluster {
  readonly nodes: TestNode[];
  private balancer: ChildProcess | undefined;
  url = '';

  constructor(flags: string[] = []) {
    const tokens = writeTokenFile();
    this.nodes = ['n1', 'n2', 'n3'].map(
      (id) => new TestNode(['--token-file', tokens, '--node-id', id, ...flags]),
    );
  }

  async start(): Promise<void> {
    const addresses = await Promise.all(this.nodes.map((node) => node.url));
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/bin',
      BUNKER_LB_BIND: `127.0.0.1:${port}`,
    };
    addresses.forEach((address, index) => (env[`BUNKER_N${index + 1}`] = new URL(address).host));
    this.balancer = spawn('haproxy', ['-db', '-f', config], { env, stdio: 'ignore' });
    this.url = `http://127.0.0.1:${port}`;
    await this.waitUntil(async () => (await this.readyNodes()) === 3);
  }

  /** Nodes HAProxy sends runs to, read from its view: a run per node is tried until all answer. */
  private async readyNodes(): Promise<number> {
    try {
      const answers = await Promise.all(
        this.nodes.map(() => fetch(`${this.url}/readyz`).then((response) => response.status)),
      );
      return answers.filter((status) => status === 200).length;
    } catch {
      return 0;
    }
  }

  /** Polls `check` every 100 ms for at most `ms`. */
  async waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('the cluster did not get there in time');
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }

  async stop(): Promise<void> {
    this.balancer?.kill('SIGTERM');
    await Promise.all(this.nodes.map((node) => node.stop()));
  }
}
