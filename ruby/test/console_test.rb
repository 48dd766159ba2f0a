# frozen_string_literal: true

require "test_helper"

class ConsoleTest < Minitest::Test
  def test_every_console_method_is_captured_in_order
    result = Bunker.eval(<<~JS)
      console.log("a", 1, {b: [1, 2]}, null, undefined, true);
      console.error("err"); console.warn("w"); console.info("i"); console.debug("d");
      0
    JS
    assert_equal "a 1 { b: [ 1, 2 ] } null undefined true\nerr\nw\ni\nd\n", result.console_output
    assert_equal Encoding::UTF_8, result.console_output.encoding
    assert_equal false, result.console_truncated?
  end

  def test_output_is_cut_at_console_log_max_size
    result = Bunker.eval("for (let i = 0; i < 20; i++) console.log('line ' + i); 1", console_log_max_size: 30)
    assert_equal "line 0\nline 1\nline 2\nline 3\nli", result.console_output
    assert_equal true, result.console_truncated?
    assert_equal 1, result.value
  end

  def test_truncation_never_splits_a_utf8_character
    result = Bunker.eval("console.log('é'.repeat(10))", console_log_max_size: 5)
    assert_equal "éé", result.console_output
    assert_equal true, result.console_truncated?
  end

  def test_output_exactly_at_the_limit_is_not_truncated
    result = Bunker.eval("console.log('1234')", console_log_max_size: 5)
    assert_equal "1234\n", result.console_output
    assert_equal false, result.console_truncated?
  end

  def test_output_is_per_eval
    sb = sandbox
    assert_equal "first\n", sb.eval("console.log('first')").console_output
    assert_equal "second\n", sb.eval("console.log('second')").console_output
    assert_equal "", sb.eval("1").console_output
  end

  def test_errors_carry_the_output_before_them
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("console.log('before'); null.x") }
    assert_equal "before\n", error.console_output
    assert_equal false, error.console_truncated?
    error = assert_raises(Bunker::JavascriptError) do
      Bunker.eval("console.log('x'.repeat(100)); throw new Error('late')", console_log_max_size: 10)
    end
    assert_equal "x" * 10, error.console_output
    assert_equal true, error.console_truncated?
  end

  def test_a_timeout_keeps_the_output_before_it
    error = assert_raises(Bunker::TimeoutError) do
      Bunker.eval("console.log('tick'); for (;;) {}", timeout_ms: 300)
    end
    assert_equal "tick\n", error.console_output
  end
end
