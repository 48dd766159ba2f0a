# frozen_string_literal: true

require "test_helper"
require "bunker/mquickjs"

# `require "bunker/mquickjs"` in place of `require "mquickjs"`: the calls of mquickjs-ruby's
# README and test suite keep working.
class MQuickJSTest < Minitest::Test
  def test_the_error_classes_are_bunkers
    %i[Error SyntaxError JavascriptError TimeoutError MemoryLimitError HTTPBlockedError
       HTTPLimitError HTTPError ArgumentError SandboxError].each do |name|
      assert_same Bunker.const_get(name), MQuickJS.const_get(name), name
    end
  end

  def test_one_shot_eval_with_mquickjs_defaults
    result = MQuickJS.eval("1 + 2")
    assert_equal 3, result.value
    assert_equal "", result.console_output
  end

  def test_sandbox_with_mquickjs_defaults_and_set_variable
    sb = MQuickJS::Sandbox.new
    sb.set_variable("data", { "items" => [{ "price" => 2 }, { "price" => 3 }] })
    assert_equal 5, sb.eval("data.items.reduce(function (s, i) { return s + i.price }, 0)").value
    assert_equal 5, sb.eval("var total = 5; total").value
    assert_equal 10, sb.eval("total * 2").value, "globals persist"
  ensure
    sb&.close
  end

  def test_print_writes_to_the_console_like_console_log
    result = MQuickJS.eval("print('a', 1); console.log('b'); 0")
    assert_equal "a 1\nb\n", result.console_output
  end

  def test_memory_limit_below_mquickjs_minimum_is_an_argument_error
    error = assert_raises(MQuickJS::ArgumentError) { MQuickJS::Sandbox.new(memory_limit: 9_999) }
    assert_equal "memory_limit cannot be less than 10000", error.message
    assert_equal 1, MQuickJS.eval("1", memory_limit: 10_000).value
  end

  def test_an_empty_variable_name_raises_rubys_argument_error_as_mquickjs_does
    sb = MQuickJS::Sandbox.new
    assert_raises(::ArgumentError) { sb.set_variable("", 1) }
  ensure
    sb&.close
  end

  def test_timeout_and_errors_keep_mquickjs_class_names
    assert_raises(MQuickJS::TimeoutError) { MQuickJS.eval("while (true) {}", timeout_ms: 200) }
    error = assert_raises(MQuickJS::JavascriptError) { MQuickJS.eval("undefinedFunction()") }
    assert_match(/\AReferenceError: /, error.message)
    assert_raises(MQuickJS::SyntaxError) { MQuickJS.eval("function (") }
  end

  def test_a_zero_timeout_means_no_timeout
    assert_equal "done", MQuickJS.eval("await new Promise((r) => setTimeout(() => r('done'), 50))", timeout_ms: 0).value
  end

  def test_console_log_max_size
    sb = MQuickJS::Sandbox.new(console_log_max_size: 4)
    result = sb.eval("console.log('123456'); 1")
    assert_equal "1234", result.console_output
    assert result.console_truncated?
  ensure
    sb&.close
  end

  def test_http_options_are_checked_as_mquickjs_does
    error = assert_raises(MQuickJS::ArgumentError) do
      MQuickJS::Sandbox.new(http: { allowlist: ["https://a/**"], denylist: ["https://b/**"] })
    end
    assert_equal "Cannot specify both allowlist and denylist. Use one or the other.", error.message
  end

  def test_stacks_name_the_script_eval_as_mquickjs_does
    error = assert_raises(MQuickJS::JavascriptError) { MQuickJS.eval("var a = 1;\n\nfunction f() {\n  null.x }\nf()") }
    assert_equal "TypeError: null is not an object (evaluating 'null.x')\n    at f (<eval>:4:7)\n    at <eval>:5:2",
                 error.stack
    syntax = assert_raises(MQuickJS::SyntaxError) { MQuickJS.eval("1 +\n  )") }
    assert_equal "    at <eval>:2:3\n      )", syntax.stack
  end

  def test_the_bunker_api_keeps_its_own_default_name
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("throw new Error('x')") }
    assert_equal "Error: x\n    at script.js:1:7", error.stack
    named = assert_raises(Bunker::JavascriptError) { Bunker.eval("throw new Error('x')", filename: "rule.js") }
    assert_equal "Error: x\n    at rule.js:1:7", named.stack
  end
end
