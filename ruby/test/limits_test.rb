# frozen_string_literal: true

require "test_helper"

# Limits are enforced by bunker's host: these scripts run inside its sandbox, never here.
class LimitsTest < Minitest::Test
  def elapsed
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
  ensure
    @elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  end

  def test_an_infinite_loop_times_out_on_time
    assert_raises(Bunker::TimeoutError) { elapsed { Bunker.eval("while (true) {}", timeout_ms: 300) } }
    assert_operator @elapsed, :<, 3
  end

  def test_a_promise_that_never_settles_times_out
    error = assert_raises(Bunker::TimeoutError) { Bunker.eval("await new Promise(() => {})", timeout_ms: 300) }
    assert_equal "WALL_TIMEOUT", error.code
  end

  def test_the_cpu_budget
    error = assert_raises(Bunker::TimeoutError) { Bunker.eval("for (;;) {}", timeout_ms: 5000, cpu_time_ms: 200) }
    assert_equal "CPU_TIMEOUT", error.code
  end

  def test_the_timeout_covers_each_eval_of_a_sandbox
    sb = sandbox(timeout_ms: 400)
    3.times { assert_equal "ok", sb.eval("await new Promise((r) => setTimeout(() => r('ok'), 200))").value }
  end

  def test_memory_bombs_hit_the_memory_limit
    ["const a = []; for (;;) a.push(new Array(1e5).fill(Math.random()))",
     "let s = 'x'; for (;;) s += s",
     "new Uint8Array(256 * 1024 * 1024).fill(1).length"].each do |bomb|
      assert_raises(Bunker::MemoryLimitError, bomb) { Bunker.eval(bomb, memory_limit: 32 * MiB) }
    end
  end

  def test_a_sandbox_killed_by_a_limit_raises_sandbox_error_afterwards
    sb = sandbox(memory_limit: 16 * MiB)
    assert_raises(Bunker::MemoryLimitError) { sb.eval("const a = []; for (;;) a.push('y'.repeat(1e5) + Math.random())") }
    assert_raises(Bunker::SandboxError) { sb.eval("1") }
  end

  def test_mquickjs_sized_memory_limits_get_bunkers_default
    sb = sandbox(memory_limit: 50_000)
    assert_equal 6, sb.eval("[1, 2, 3].reduce((a, b) => a + b)").value
    # Deep recursion needs several MiB in Bun: with the default limit it is a RangeError.
    error = assert_raises(Bunker::JavascriptError) { sb.eval("function f() { return f() } f()") }
    assert_equal "RangeError: Maximum call stack size exceeded.", error.message
    assert_equal 1_000_000, sb.eval("'x'.repeat(1e6).length").value
  end

  def test_max_string_length
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("'x'.repeat(11)", max_string_length: 10) }
    assert_match(/\ARangeError: /, error.message)
    assert_equal 10, Bunker.eval("'x'.repeat(10).length", max_string_length: 10).value
  end
end
