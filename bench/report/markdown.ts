/** The results as Markdown tables: printed by `npm run bench` and spliced into BENCHMARKS.md. */
import type { FrameStall } from '../sections/frame-stall.js';
import { REPEATS, TASKS } from '../lib/compute.js';
import type { Latency } from '../lib/stats.js';
import type { BenchResults } from '../results.js';
import { PACE_MS } from '../sections/runs.js';
import { TIMEOUT_MS } from '../sections/timeout-overshoot.js';
import type { Throughput } from '../sections/throughput.js';
import { duration, megabytes, ratio } from './format.js';
import { computeSystems, freshPeers } from './systems.js';
import { checkTargets } from './targets.js';

const table = (head: string[], rows: string[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

const latencyCells = (l: Latency) => [duration(l.p50), duration(l.p95), duration(l.p99)];

function targets(r: BenchResults): string {
  const rows = checkTargets(r).map((c) => [
    c.measurement,
    c.result,
    c.target,
    c.met ? 'met' : '**missed**',
  ]);
  return table(['measurement', 'this run', 'target', 'met?'], rows);
}

function freshLatency(r: BenchResults): string {
  const base = r.bareSpawn.p50;
  const row = (name: string, l: Latency) => [name, ...latencyCells(l), ratio(l.p50, base)];
  const rows = [
    row(`bunker \`run('1+1')\`, warm pool, one call every ${PACE_MS} ms`, r.runs.pooled),
    row("bunker `run('1+1')`, warm pool, back-to-back calls", r.runs.pooledBackToBack),
    row("bunker `run('1+1', { pool: false })`: cold start", r.runs.cold),
    ...freshPeers(r).map((p) =>
      p.latency
        ? row(`${p.name}: ${p.what}`, p.latency)
        : [`${p.name}: ${p.what}`, `not measured: ${p.reason ?? ''}`, '', '', ''],
    ),
    row('bare `bun -e 1` spawn (baseline)', r.bareSpawn),
  ];
  return table(['fresh environment + eval `1+1`', 'p50', 'p95', 'p99', 'p50 / bare spawn'], rows);
}

function breakdown(r: BenchResults): string {
  const b = r.warmBreakdown;
  return table(
    [`a warm-pool run, step by step (one every ${PACE_MS} ms)`, 'p50', 'p95', 'p99'],
    [
      [
        '`Sandbox.create()`: take a pooled process (starts its replacement)',
        ...latencyCells(b.create),
      ],
      ["its first `eval('1+1')`", ...latencyCells(b.firstEval)],
      ["its second `eval('1+1')`", ...latencyCells(b.secondEval)],
      ['`dispose()`: kill the sandbox and reap it', ...latencyCells(b.dispose)],
    ],
  );
}

function liveLatency(r: BenchResults): string {
  return table(
    ['live environment', 'p50', 'p95', 'p99'],
    [
      ["bunker `Sandbox#eval('1+1')` on a live sandbox", ...latencyCells(r.sandbox.eval)],
      [
        'bare Node → Bun → Node pipe round trip (floor of any eval)',
        ...latencyCells(r.pipeRoundTrip),
      ],
    ],
  );
}

function throughput(r: BenchResults): string {
  const row = (name: string, t: Throughput) => [
    name,
    `${t.callers} × ${t.runs / t.callers}`,
    `${t.runsPerSecond.toFixed(1)} runs/s`,
    duration(t.machineCpuMsPerRun),
    duration(t.hostCpuMsPerRun),
  ];
  return table(
    [
      'fresh-process runs, all cores busy',
      'callers × runs each',
      'throughput',
      'machine CPU per run',
      'of which this host process',
    ],
    [
      row("`run('1+1')` (warm pool)", r.throughputPooled),
      row("`run('1+1', { pool: false })`", r.throughputCold),
      row('ceiling: bare `bun -e 1` spawns, no sandbox', r.ceilings.bareBun),
      row("ceiling: bunker's sandbox chain around `/bin/true`", r.ceilings.chainTrue),
      row("ceiling: bunker's sandbox chain around `bun -e 1`", r.ceilings.chainBun),
    ],
  );
}

function memory(r: BenchResults): string {
  const m = r.idleMemory;
  const of = `median of ${m.guests}${m.quiet ? '' : ', pool not yet quiet'}`;
  return table(
    ['idle pooled process', 'memory'],
    [
      [`Bun guest process, VmRSS (${of})`, megabytes(m.rss)],
      [`… of which private (RssAnon: heap, stacks, JIT code)`, megabytes(m.rssAnon)],
      [
        `… of which file pages (RssFile: the Bun binary, shared by every guest)`,
        megabytes(m.rssFile),
      ],
      [`Bun guest process, PSS: shared pages split among their users (${of})`, megabytes(m.pss)],
      [
        `whole sandbox: guest + bwrap ×2 + apply-seccomp ×2, VmRSS (${of})`,
        megabytes(m.rssWithWrappers),
      ],
      [
        'baseline: a bare idle Bun process (`bun -e` holding one timer), VmRSS',
        megabytes(r.bareBunMemory.rss),
      ],
      ['… of which private (RssAnon)', megabytes(r.bareBunMemory.rssAnon)],
      ['… of which file pages (RssFile)', megabytes(r.bareBunMemory.rssFile)],
    ],
  );
}

function compute(r: BenchResults): string {
  const systems = computeSystems(r);
  const host = systems[0]!.compute;
  const rows = TASKS.map((task) => [
    task.label,
    ...systems.map((s) => {
      if (!s.compute) return 'n/a';
      const ms = s.compute.tasks[task.key].medianMs;
      return host ? `${duration(ms)} (${ratio(ms, host.tasks[task.key].medianMs)})` : duration(ms);
    }),
  ]);
  const missing = systems
    .filter((s) => !s.compute)
    .map((s) => `\n\n${s.name} not measured: ${s.reason ?? ''}`)
    .join('');
  return (
    table([`median of ${REPEATS} (ratio to host)`, ...systems.map((s) => s.name)], rows) + missing
  );
}

function broker(r: BenchResults): string {
  const b = r.broker;
  const row = (name: string, l: Latency) => [name, ...latencyCells(l)];
  const share = b.sandboxFetch.p50 - b.sandboxEval.p50;
  return (
    table(
      ['one GET of 100 bytes from a loopback server, new connection each', 'p50', 'p95', 'p99'],
      [
        row('host Node calls the server directly (`http.get`, no keep-alive)', b.direct),
        row('the broker alone: policy, resolve, vet, connect, body (`FetchSession`)', b.broker),
        row("a script's `fetch` + `text()`, as a whole `Sandbox#eval`", b.sandboxFetch),
        row("`Sandbox#eval('0')` on the same sandbox (the eval's own share)", b.sandboxEval),
      ],
    ) +
    `\n\nPer request, p50: the broker adds ${duration(b.broker.p50 - b.direct.p50)} to a direct call; ` +
    `a script's fetch costs ${duration(share)} beyond its eval, ${duration(share - b.direct.p50)} more than the direct call.`
  );
}

export function markdownReport(r: BenchResults): string {
  const m = r.machine;
  return [
    `Run of ${r.date.slice(0, 10)} (${Math.round(r.durationSeconds)} s): ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.kernel}, Node ${m.node}, Bun ${m.bun}, ${m.bubblewrap}, sandbox-runtime ${m.sandboxRuntime}; load average at the start ${m.loadAverage.join(' / ')}.`,
    '### Targets',
    targets(r),
    '### Latency: a fresh environment, then `1+1`',
    freshLatency(r),
    breakdown(r),
    liveLatency(r),
    '### Throughput',
    throughput(r),
    '### Memory',
    memory(r),
    '### Compute',
    compute(r),
    '### Fetch broker',
    broker(r),
    '### Limits',
    table(
      ['measurement', 'p50', 'max of 10'],
      [
        [
          `timeout overshoot past timeoutMs (${TIMEOUT_MS} ms), \`for (;;) {}\` on a ready sandbox`,
          duration(r.timeoutOvershoot.p50),
          duration(r.timeoutOvershoot.max),
        ],
      ],
    ),
    ...(r.frameStall ? [frameStalls(r.frameStall)] : []),
  ].join('\n\n');
}

function frameStalls(f: FrameStall): string {
  return table(
    ['longest host event-loop stall while…', 'this run'],
    [
      ['idle (baseline, 2 s, one ready Sandbox)', duration(f.idleMs)],
      ['a guest writes console frames for its own eval (2 s)', duration(f.consoleFloodMs)],
      [
        'a guest writes one 16-million-deep frame for an id not in flight',
        duration(f.deepFrameOtherIdMs),
      ],
      ['the host decodes a legitimate 32 MiB result (16 million zeros)', duration(f.heavyResultMs)],
      [
        '…meanwhile, a neighbour `for (;;) {}` is killed past its timeoutMs by',
        duration(f.neighbourKillLateMs),
      ],
    ],
  );
}
