# frozen_string_literal: true

# In one run: p50/p95 of Sandbox#eval("1+1") on a live sandbox and of Bunker.eval("1+1"), with a
# bare IO.popen round trip to `cat` as the floor, the gem's round trip to the server (ping), and
# the same eval through bunker's TypeScript API in one Node process (what the server itself pays).
# Run from ruby/: ruby -Ilib bench/eval_bench.rb
require "bunker"
require "json"

ITERATIONS = Integer(ENV.fetch("ITERATIONS", "5000"))
ONE_SHOT_ITERATIONS = Integer(ENV.fetch("ONE_SHOT_ITERATIONS", "200"))
SPACED_ITERATIONS = Integer(ENV.fetch("SPACED_ITERATIONS", "30"))
# The server's warm pool starts replacement processes in the background after a create: let it
# settle, so that the figures measure evals and not a busy machine.
SETTLE_SECONDS = Float(ENV.fetch("SETTLE_SECONDS", "5"))
WARMUP = 2000

def clock
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

def sample(count, warmup: WARMUP)
  warmup.times { yield }
  Array.new(count) do
    started = clock
    yield
    (clock - started) * 1e6
  end.sort
end

def percentile(sorted, pct)
  sorted[((sorted.size - 1) * pct / 100.0).round]
end

def format_us(us)
  us >= 1000 ? format("%.2f ms", us / 1000) : format("%.1f µs", us)
end

# Sandbox#eval through the TypeScript API, measured inside Node (µs, sorted); nil without a
# built checkout.
TS_BENCH = <<~'JS'
  const { Sandbox } = await import(process.argv[1]);
  const [count, warmup, settle] = process.argv.slice(2).map(Number);
  const sandbox = await Sandbox.create();
  await new Promise((r) => setTimeout(r, settle * 1000));
  for (let i = 0; i < warmup; i++) await sandbox.eval('1+1');
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await sandbox.eval('1+1');
    times.push((performance.now() - started) * 1000);
  }
  await sandbox.dispose();
  // Pooled processes would keep Node alive; exit once the (large) line has reached the pipe.
  process.stdout.write(JSON.stringify(times.sort((a, b) => a - b)) + '\n', () => process.exit(0));
JS

def typescript_sample
  library = File.join(Bunker::Executable::CHECKOUT, "dist", "index.js")
  node = Bunker::Executable.from_path("node", ENV)&.first
  return nil unless node && File.file?(library)

  output = IO.popen([node, "--input-type=module", "-e", TS_BENCH, library, ITERATIONS.to_s, WARMUP.to_s,
                     SETTLE_SECONDS.to_s], &:read)
  JSON.parse(output)
end

rows = []

IO.popen(["cat"], "r+") do |cat|
  cat.sync = true
  rows << ["IO.popen round trip to `cat` (floor)", sample(ITERATIONS) { cat.write("1+1\n") && cat.gets }]
end

typescript = typescript_sample
rows << ['TypeScript Sandbox#eval("1+1"), in one Node process (reference)', typescript] if typescript

connection = Bunker.client.connection
sandbox = Bunker::Sandbox.new
sleep SETTLE_SECONDS
rows << ["ping: the gem's round trip to the server, no sandbox", sample(ITERATIONS) { connection.call("ping") }]
rows << ['Sandbox#eval("1+1") on a live sandbox', sample(ITERATIONS) { sandbox.eval("1+1") }]
sandbox.close

# issue 12: the tenant's warm process, a fresh realm each run.
rows << ['Bunker.eval("1+1", tenant:) warm, back to back', sample(ITERATIONS, warmup: 200) { Bunker.eval("1+1", tenant: "bench") }]
rows << ['Bunker.eval("1+1") back to back: a fresh sandbox process each', sample(ONE_SHOT_ITERATIONS, warmup: 20) { Bunker.eval("1+1") }]
# With a pause, the pool has a ready process waiting: the latency of an occasional one-shot eval.
spaced = Array.new(SPACED_ITERATIONS) do
  sleep 0.3
  started = clock
  Bunker.eval("1+1")
  (clock - started) * 1e6
end
rows << ['Bunker.eval("1+1") every 300 ms (pool refilled in between)', spaced.sort]

puts "| measurement | p50 | p95 | n |"
puts "|---|---|---|---|"
rows.each do |name, sorted|
  puts "| #{name} | #{format_us(percentile(sorted, 50))} | #{format_us(percentile(sorted, 95))} | #{sorted.size} |"
end
Bunker.close
