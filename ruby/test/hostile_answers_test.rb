# frozen_string_literal: true

require "test_helper"

# What a script produces can fail only its own eval (issue 11, items 2 and 3): lone surrogates,
# deep nesting and results too large to render never end the connection or reach another sandbox.
class HostileAnswersTest < Minitest::Test
  REPLACEMENT = "\uFFFD"

  def setup
    @bystander = sandbox
    @bystander.set_variable("kept", "state")
    @pid = Bunker.client.connection.pid
  end

  # The same server, the same connection, and another sandbox's globals still there.
  def assert_nothing_else_hurt
    assert_equal "state", @bystander.eval("kept").value
    assert_equal @pid, Bunker.client.connection.pid
    refute Bunker.client.connection.closed?
  end

  def depth_of(value)
    depth = 0
    while value.is_a?(Array)
      value = value[0]
      depth += 1
    end
    depth
  end

  def test_a_lone_surrogate_in_the_console_arrives_as_u_fffd
    result = Bunker.eval("console.log('a\\ud800b', '\\udc00'); 1")
    assert_equal "a#{REPLACEMENT}b #{REPLACEMENT}\n", result.console_output
    assert result.console_output.valid_encoding?
    assert_nothing_else_hurt
  end

  def test_a_lone_surrogate_in_a_thrown_message_arrives_as_u_fffd
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("throw new Error('x\\ud800')") }
    assert_equal "Error: x#{REPLACEMENT}", error.message
    assert error.stack.valid_encoding?
    assert_nothing_else_hurt
  end

  def test_lone_surrogates_in_values_and_keys_arrive_as_u_fffd_and_pairs_stay
    value = Bunker.eval("({ '\\udc00k': ['\\ud800', '\\ud83d\\ude00', '\\ude00\\ud83d'] })").value
    assert_equal({ "#{REPLACEMENT}k" => [REPLACEMENT, "😀", REPLACEMENT * 2] }, value)
    assert_nothing_else_hurt
  end

  def test_a_result_nested_100_deep_arrives
    assert_equal 100, depth_of(Bunker.eval("var o = 1; for (var i = 0; i < 100; i++) o = [o]; o").value)
    assert_nothing_else_hurt
  end

  def test_a_result_nested_1000_deep_arrives_and_1001_is_a_javascript_error
    assert_equal 1000, depth_of(Bunker.eval("var o = 1; for (var i = 0; i < 1000; i++) o = [o]; o").value)
    error = assert_raises(Bunker::JavascriptError) do
      Bunker.eval("var o = 1; for (var i = 0; i < 1001; i++) o = [o]; o")
    end
    assert_match(/\ADataCloneError: nesting deeper than 1000 at value\[0\]/, error.message)
    assert_nothing_else_hurt
  end

  def test_set_variable_takes_1000_levels_and_refuses_1001_with_argument_error
    sb = sandbox
    deep = 1
    1000.times { deep = [deep] }
    sb.set_variable("deep", deep)
    assert_equal 1000, sb.eval("let d = 0, x = deep; while (Array.isArray(x)) { x = x[0]; d++ } d").value
    error = assert_raises(Bunker::ArgumentError) { sb.set_variable("deeper", [deep]) }
    assert_equal "INVALID_ARGUMENT", error.code
    assert_match(/\Avalue\[0\]\[0\].*… ?\S* is nested deeper than 1000 levels\z/, error.message)
    hash = "leaf"
    1000.times { hash = { "k" => hash } }
    sb.set_variable("hash", hash)
    assert_equal 1000, sb.eval("let n = 0, h = hash; while (typeof h === 'object') { h = h.k; n++ } n").value
    assert_raises(Bunker::ArgumentError) { sb.set_variable("deeper", { "k" => hash }) }
    assert_nothing_else_hurt
  end

  def test_one_shared_8_mib_string_referenced_100_times_is_a_javascript_error
    error = assert_raises(Bunker::JavascriptError) do
      Bunker.eval("const s = 'x'.repeat(8 * 1024 * 1024); Array(100).fill([s])", memory_limit: "256mb")
    end
    assert_equal "RangeError: the result takes more than 33553408 bytes as JSON", error.message
    assert_equal "JAVASCRIPT_ERROR", error.code
    assert_nothing_else_hurt
  end

  def test_a_shared_string_within_the_budget_arrives_whole
    value = Bunker.eval("const s = 'y'.repeat(1024 * 1024); Array(3).fill(s)").value
    assert_equal ["y" * (1024 * 1024)] * 3, value
  end
end
