# frozen_string_literal: true

require "test_helper"
require "timeout"

# Several Ruby threads share one bunker server; answers go back to the thread that asked.
class ConcurrencyTest < Minitest::Test
  THREADS = 6

  def test_threads_on_their_own_sandboxes
    sandboxes = Array.new(THREADS) { |i| sandbox.tap { |sb| sb.set_variable("me", i) } }
    results = sandboxes.each_with_index.map do |sb, i|
      Thread.new { Array.new(20) { |n| sb.eval("[me, #{n}, #{i}]").value } }
    end.map(&:value)
    results.each_with_index do |values, i|
      assert_equal Array.new(20) { |n| [i, n, i] }, values
    end
  end

  def test_threads_on_one_shared_sandbox_run_one_eval_at_a_time
    sb = sandbox
    sb.eval("globalThis.counter = 0")
    seen = Array.new(THREADS) do
      Thread.new { Array.new(25) { sb.eval("++counter").value } }
    end.flat_map(&:value)
    assert_equal (1..THREADS * 25).to_a, seen.sort
    assert_equal THREADS * 25, sb.eval("counter").value
  end

  def test_a_slow_eval_does_not_hold_up_other_threads
    slow = sandbox(timeout_ms: 10_000)
    fast = sandbox
    slow_thread = Thread.new { slow.eval("await new Promise((r) => setTimeout(r, 1500)); 'slow'").value }
    sleep 0.1
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_equal "fast", fast.eval("'fast'").value
    assert_equal 2, Bunker.eval("1 + 1").value
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 1.0
    assert slow_thread.alive?, "the slow eval is still running"
    assert_equal "slow", slow_thread.value
  end

  def test_one_shot_evals_from_several_threads
    values = Array.new(THREADS) { |i| Thread.new { Bunker.eval("#{i} * 10").value } }.map(&:value)
    assert_equal Array.new(THREADS) { |i| i * 10 }, values
  end

  def test_errors_go_to_the_thread_that_caused_them
    sb = sandbox
    outcomes = Array.new(THREADS) do |i|
      Thread.new do
        sb.eval(i.even? ? "#{i}" : "throw new Error('thread #{i}')").value
      rescue Bunker::JavascriptError => e
        e.message
      end
    end.map(&:value)
    assert_equal Array.new(THREADS) { |i| i.even? ? i : "Error: thread #{i}" }, outcomes
  end

  def test_a_caller_interrupted_while_waiting_leaves_the_others_working
    sb = sandbox
    waiting = Thread.new { sb.eval("await new Promise((r) => setTimeout(r, 600)); 'late'").value }
    assert_raises(Timeout::Error) do
      Timeout.timeout(0.2) { Bunker.eval("await new Promise((r) => setTimeout(r, 400)); 'abandoned'") }
    end
    assert_equal 3, Bunker.eval("1 + 2").value
    assert_equal "late", waiting.value
    assert_equal "next", sb.eval("'next'").value
  end
end
