# frozen_string_literal: true

require "test_helper"

class EvalTest < Minitest::Test
  def test_bunker_eval_is_one_shot_and_returns_a_result
    result = Bunker.eval("1 + 1")
    assert_instance_of Bunker::Result, result
    assert_equal 2, result.value
    assert_equal "", result.console_output
    assert_equal false, result.console_truncated?
    assert_equal [], result.http_requests
  end

  def test_stats_are_measured_by_the_host
    stats = Bunker.eval("let x = 0; for (let i = 0; i < 1e5; i++) x += i; x").stats
    assert_equal %i[wall_ms cpu_ms peak_memory_bytes host_calls], stats.keys
    assert_kind_of Numeric, stats[:wall_ms]
    assert_operator stats[:wall_ms], :>, 0
    assert_kind_of Integer, stats[:cpu_ms]
    assert_kind_of Integer, stats[:peak_memory_bytes]
  end

  def test_the_issue_example
    sb = sandbox(memory_limit: 64 * MiB, timeout_ms: 1000, console_log_max_size: 10_000,
                 http: { allowlist: ["https://api.github.com/**"], max_requests: 5 })
    assert_equal({ "name" => "Ada" }, sb.set_variable("user", { "name" => "Ada" }))
    result = sb.eval("user.name.toUpperCase()")
    assert_equal "ADA", result.value
    assert_equal "", result.console_output
    assert_equal false, result.console_truncated?
    assert_equal [], result.http_requests
  end

  def test_globals_persist_between_evals_of_a_sandbox
    sb = sandbox
    sb.eval("var a = 1; let b = 2; const c = 3; function d() { return 4 }; globalThis.e = 5")
    assert_equal 15, sb.eval("a + b + c + d() + e").value
    3.times { sb.eval("a++") }
    assert_equal 4, sb.eval("a").value
  end

  def test_sandboxes_are_isolated_from_each_other
    one = sandbox
    two = sandbox
    one.eval("var secret = 42")
    error = assert_raises(Bunker::JavascriptError) { two.eval("secret") }
    assert_match(/\AReferenceError: /, error.message)
  end

  def test_promises_are_awaited_and_top_level_await_works
    assert_equal "done", Bunker.eval("await new Promise((r) => setTimeout(() => r('done'), 20))").value
    assert_equal 3, Bunker.eval("Promise.resolve(3)").value
  end

  def test_typescript_option
    assert_equal 42, Bunker.eval("const n: number = 41; n + 1", typescript: true).value
    assert_raises(Bunker::SyntaxError) { Bunker.eval("const n: number = 41; n + 1") }
  end

  def test_open_closes_the_sandbox_after_the_block
    kept = nil
    value = Bunker::Sandbox.open do |sb|
      kept = sb
      sb.eval("6 * 7").value
    end
    assert_equal 42, value
    assert kept.closed?
  end

  def test_a_closed_sandbox_refuses_further_calls
    sb = Bunker::Sandbox.new
    assert_nil sb.close
    assert_nil sb.close, "close is idempotent"
    error = assert_raises(Bunker::SandboxError) { sb.eval("1") }
    assert_equal "SANDBOX_CLOSED", error.code
    assert_equal "the sandbox was closed", error.message
    assert_raises(Bunker::SandboxError) { sb.set_variable("x", 1) }
  end

  def test_code_must_be_a_string
    error = assert_raises(Bunker::ArgumentError) { Bunker.eval(42) }
    assert_equal "code must be a String, got Integer", error.message
    assert_equal "INVALID_ARGUMENT", error.code
    assert_raises(Bunker::ArgumentError) { sandbox.eval(nil) }
  end

  def test_code_larger_than_16_mib_is_refused_by_the_server
    error = assert_raises(Bunker::ArgumentError) { Bunker.eval("1;#{' ' * (16 * MiB)}") }
    assert_equal "INVALID_ARGUMENT", error.code
    assert_match(/code is larger than/, error.message)
  end

  def test_a_request_larger_than_a_protocol_line_is_refused_before_sending
    error = assert_raises(Bunker::ArgumentError) { sandbox.set_variable("big", "x" * (33 * MiB)) }
    assert_match(/more than the 33554432 a request may be/, error.message)
    assert_equal 2, Bunker.eval("1 + 1").value, "the server is untouched"
  end
end
