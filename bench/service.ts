/**
 * `npm run bench:service`: runs/s and latency of `1 + 1` through the HTTP service, measured with
 * autocannon (HTTP/1.1, keep-alive, fixed connections) through one node and through HAProxy
 * over three nodes (deploy/haproxy.cfg), beside the local API (`run`, with and without a tenant,
 * the same concurrency, the same duration) in the same process run. Bounded: a few seconds per row. Needs `haproxy`
 * (scripts/setup.sh); run it as `bash scripts/isolated.sh node --import tsx bench/service.ts`.
 */
import autocannon from 'autocannon';
import { run } from '../dist/index.js';
import { Cluster } from '../test/cluster/balancer.js';
import { TestNode, TOKENS, writeTokenFile } from '../test/server/http/node.js';
import { latency, sleep } from './lib/stats.js';

const CONNECTIONS = 4;
const SECONDS = 5;
const BODY = JSON.stringify({ code: '1 + 1' });

interface Row {
  path: string;
  runsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** The local API; with a tenant, as the service runs a token's requests (warm reuse). */
async function local(tenant?: string): Promise<Row> {
  const options = tenant === undefined ? {} : { tenant };
  await run('1 + 1', options); // the pool warm, as a node's is after its first run
  const times: number[] = [];
  let failed = 0;
  const end = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      await run('1 + 1', options).catch(() => failed++);
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const { p50, p99 } = latency(times);
  const path = tenant === undefined ? 'local API run()' : 'local API run(code, { tenant })';
  return { path, runsPerSecond: times.length / SECONDS, p50, p99, failed };
}

async function http(path: string, url: string): Promise<Row> {
  const options = {
    url: `${url}/v1/run`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.acme}` },
    body: BODY,
    connections: CONNECTIONS,
  };
  await autocannon({ ...options, duration: 1 }); // warm-up, not counted
  const outcome = await autocannon({ ...options, duration: SECONDS });
  return {
    path,
    runsPerSecond: outcome.requests.average,
    p50: outcome.latency.p50,
    p99: outcome.latency.p99,
    failed: outcome.errors + outcome.timeouts + outcome.non2xx,
  };
}

// A token's runs are its tenant's (src/server/http/ceilings.ts): the service's rows compare with
// the local API's tenant row; the plain row is a fresh process per run.
const rows: Row[] = [await local(), await local('acme')];
const node = new TestNode(['--token-file', writeTokenFile()]);
rows.push(await http('HTTP, one node', await node.url));
await node.stop();
await sleep(500);
const cluster = new Cluster();
await cluster.start();
rows.push(await http('HTTP, HAProxy over three nodes', cluster.url));
await cluster.stop();

console.log(
  `\`1 + 1\`, ${CONNECTIONS} concurrent, ${SECONDS} s each (HTTP: autocannon, keep-alive)\n`,
);
console.log('| path | runs/s | p50 ms | p99 ms | failed |\n|---|---|---|---|---|');
for (const row of rows)
  console.log(
    `| ${row.path} | ${row.runsPerSecond.toFixed(0)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.failed} |`,
  );
process.exit(0);
