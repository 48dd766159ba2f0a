/**
 * GET /metrics in Prometheus' text format (prom-client). A registry per server, never the
 * module-global one: two servers in one process (the tests) must not share counters. Gauges are
 * read when scraped, from the pool and the sandbox table themselves, so they cannot drift.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../../pool.js';

/** What a request ended with: `ok`, an error code, or `refused` (HTTP 4xx/5xx before any run). */
export type Outcome = string;

export class Metrics {
  readonly registry = new Registry();
  private readonly runs: Counter<'op' | 'outcome'>;
  private readonly duration: Histogram<'op'>;
  private readonly requests: Counter<'status'>;

  constructor(pool: () => PoolStats, liveSandboxes: () => number, inFlight: () => number) {
    const registers = [this.registry];
    this.runs = new Counter({
      name: 'bunker_runs_total',
      help: 'Scripts run (op run or eval), by outcome: ok or the error code',
      labelNames: ['op', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'bunker_run_duration_seconds',
      help: 'Wall-clock time of a run or eval request, queueing included',
      labelNames: ['op'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.requests = new Counter({
      name: 'bunker_http_requests_total',
      help: 'HTTP requests answered, by status',
      labelNames: ['status'],
      registers,
    });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge(
      'bunker_queue_depth',
      'Runs waiting for a slot or for room under maxProcesses',
      () => pool().queued,
    );
    gauge('bunker_pool_ready', 'Started sandbox processes waiting for work', () => pool().ready);
    gauge(
      'bunker_pool_starting',
      'Sandbox processes starting in the background',
      () => pool().starting,
    );
    gauge('bunker_pool_running', 'Runs holding a concurrency slot', () => pool().running);
    gauge('bunker_live_sandboxes', 'Open sandboxes of this node', liveSandboxes);
    gauge('bunker_http_in_flight', 'HTTP requests of /v1 in progress', inFlight);
  }

  script(op: 'run' | 'eval', outcome: Outcome, seconds: number): void {
    this.runs.inc({ op, outcome });
    this.duration.observe({ op }, seconds);
  }

  answered(status: number): void {
    this.requests.inc({ status: String(status) });
  }
}
