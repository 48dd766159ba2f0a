# frozen_string_literal: true

# One host function call's round trip from Ruby (issue 14), against Sandbox#eval("0") in the same
# run: script -> guest -> host -> bunker serve's stdout -> this Ruby thread -> the lambda -> back.
# Prints a Markdown table (BENCHMARKS.md, "Host functions"). Run from ruby/:
# ruby -Ilib bench/host_call_bench.rb
require "bunker"

EVALS = Integer(ENV.fetch("EVALS", "2000"))
LOOP = Integer(ENV.fetch("LOOP", "5000"))
WARMUP = 500

def clock
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

def sample(count)
  Array.new(count) do
    started = clock
    yield
    (clock - started) * 1e3
  end.sort
end

def pct(sorted, q)
  sorted[[sorted.size - 1, (q * sorted.size).floor].min]
end

def fmt(ms)
  ms.abs >= 1 ? format("%.2f ms", ms) : format("%.1f µs", ms * 1000)
end

def row(what, sorted)
  "| #{what} | #{fmt(pct(sorted, 0.5))} | #{fmt(pct(sorted, 0.95))} | #{fmt(pct(sorted, 0.99))} |"
end

load = File.read("/proc/loadavg").split.first
sandbox = Bunker::Sandbox.new(max_host_calls: LOOP, functions: { "f" => ->(x) { x } })
begin
  sandbox.eval("0")
  sleep 3
  WARMUP.times { sandbox.eval("f(1)") }
  # Interleaved, so that both see the same machine (it is shared with other jobs).
  pairs = Array.new(EVALS) { [sample(1) { sandbox.eval("0") }[0], sample(1) { sandbox.eval("f(1)") }[0]] }
  plain = pairs.map(&:first).sort
  one_call = pairs.map(&:last).sort
  share = pairs.map { |a, b| b - a }.sort
  loops = Array.new(5) do
    started = clock
    sandbox.eval("for (let i = 0; i < #{LOOP}; i++) f(i); 0")
    (clock - started) * 1e3 / LOOP
  end.sort
  puts "load average at start: #{load}; #{EVALS} evals each, loop of #{LOOP} calls × 5"
  puts "| Ruby, live Bunker::Sandbox | p50 | p95 | p99 |"
  puts "|---|---|---|---|"
  puts row('`eval("0")`', plain)
  puts row('`eval("f(1)")`: one host call', one_call)
  puts row('one call\'s share: `eval("f(1)")` − the `eval("0")` before it', share)
  puts row("one call in a loop of #{LOOP} (eval time / #{LOOP}; median of 5 loops)", loops)
ensure
  sandbox.close
end
