# frozen_string_literal: true

require "test_helper"

class ErrorsTest < Minitest::Test
  CLASSES = [
    Bunker::SyntaxError, Bunker::JavascriptError, Bunker::TimeoutError, Bunker::MemoryLimitError,
    Bunker::HTTPBlockedError, Bunker::HTTPLimitError, Bunker::HTTPError, Bunker::ArgumentError,
    Bunker::SandboxError, Bunker::HostCallLimitError
  ].freeze

  def test_hierarchy
    assert_equal StandardError, Bunker::Error.superclass
    CLASSES.each { |klass| assert_operator klass, :<, Bunker::Error }
    refute_operator Bunker::ArgumentError, :<, ::ArgumentError
    refute_operator Bunker::SyntaxError, :<, ::SyntaxError
  end

  def test_every_error_has_console_and_request_attributes_and_only_guest_errors_a_stack
    CLASSES.each do |klass|
      assert_equal [], klass.new("m").http_requests
      error = klass.new("m", code: "C", console_output: "out", console_truncated: true, http_requests: [:r])
      assert_equal ["m", "C", "out", true, [:r]],
                   [error.message, error.code, error.console_output, error.console_truncated?, error.http_requests]
      assert_equal [Bunker::SyntaxError, Bunker::JavascriptError].include?(klass), error.respond_to?(:stack)
    end
  end

  def test_syntax_error
    error = assert_raises(Bunker::SyntaxError) { Bunker.eval("var =") }
    assert_equal "SYNTAX_ERROR", error.code
    assert_equal 'SyntaxError: Unexpected token (1:5)', error.message
    assert_match(/\A\s+at script\.js:1:5\n/, error.stack)
  end

  def test_javascript_error_keeps_the_kind_and_the_stack
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("function f() { throw new TypeError('boom') }\nf()") }
    assert_equal "JAVASCRIPT_ERROR", error.code
    assert_equal "TypeError: boom", error.message
    assert_match(/\ATypeError: boom\n\s+at f /, error.stack)
  end

  def test_a_thrown_non_error_has_its_string_and_no_stack
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("throw 'plain'") }
    assert_equal "plain", error.message
    assert_nil error.stack
  end

  def test_a_syntax_error_raised_at_run_time_is_a_javascript_error
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("JSON.parse('{')") }
    assert_match(/\ASyntaxError: JSON Parse error/, error.message)
  end

  def test_timeout_error
    # CPU budget to spare: with both at 200 ms either may trip first (JIT and GC threads count).
    error = assert_raises(Bunker::TimeoutError) { Bunker.eval("for (;;) {}", timeout_ms: 200, cpu_time_ms: 60_000) }
    assert_equal "WALL_TIMEOUT", error.code
    assert_equal "the script ran longer than timeoutMs (200 ms)", error.message
  end

  def test_memory_limit_error
    error = assert_raises(Bunker::MemoryLimitError) do
      Bunker.eval("const a = []; for (;;) a.push('x'.repeat(1e4) + Math.random())", memory_limit: 16 * MiB)
    end
    assert_equal "MEMORY_LIMIT", error.code
  end

  def test_http_blocked_error_from_fetch
    error = assert_raises(Bunker::HTTPBlockedError) { Bunker.eval("await fetch('https://example.com')") }
    assert_equal "HTTP_BLOCKED", error.code
    assert_equal "fetch is not enabled (no http option was given)", error.message
    assert_equal [["GET", "https://example.com/", "disabled"]],
                 error.http_requests.map { |request| [request.method, request.url, request.blocked] }
  end

  def test_argument_error_names_the_option
    error = assert_raises(Bunker::ArgumentError) { Bunker.eval("1", timeout_ms: -5) }
    assert_equal "INVALID_OPTION", error.code
    assert_match(/\Aoption "timeout_ms": /, error.message)
  end

  def test_sandbox_error_after_the_sandbox_was_killed
    sb = sandbox(timeout_ms: 200)
    assert_raises(Bunker::TimeoutError) { sb.eval("for (;;) {}") }
    error = assert_raises(Bunker::SandboxError) { sb.eval("1") }
    assert_equal "SANDBOX_CLOSED", error.code
  end

  def test_wire_names_map_through_the_table_and_unknown_names_to_bunker_error
    request = { "method" => "GET", "url" => "http://a.test/", "status" => nil, "durationMs" => 0.5,
                "requestBytes" => 0, "responseBytes" => 0, "blocked" => "allowlist" }
    answer = lambda do |name|
      { "ok" => false, "error" => { "name" => name, "code" => "X", "message" => "m" }, "console" => "c",
        "consoleTruncated" => false, "requests" => [request] }
    end
    {
      "SyntaxError" => Bunker::SyntaxError, "JavaScriptError" => Bunker::JavascriptError,
      "TimeoutError" => Bunker::TimeoutError, "MemoryLimitError" => Bunker::MemoryLimitError,
      "HTTPBlockedError" => Bunker::HTTPBlockedError, "HTTPLimitError" => Bunker::HTTPLimitError,
      "HTTPError" => Bunker::HTTPError, "ArgumentError" => Bunker::ArgumentError,
      "SandboxError" => Bunker::SandboxError, "HostCallLimitError" => Bunker::HostCallLimitError,
      "SomethingNew" => Bunker::Error, "Object" => Bunker::Error
    }.each do |name, klass|
      error = Bunker::Answers.error(answer.call(name))
      assert_instance_of klass, error, name
      assert_equal ["m", "X", "c"], [error.message, error.code, error.console_output]
      assert_equal [Bunker::HTTPRequest.new(method: "GET", url: "http://a.test/", status: nil, duration_ms: 0.5,
                                            request_size: 0, response_size: 0, blocked: "allowlist")],
                   error.http_requests
    end
  end

  def test_every_error_is_a_bunker_error
    [-> { Bunker.eval("null.x") }, -> { Bunker.eval("1", nope: 1) }, -> { Bunker.eval("(") }].each do |failing|
      assert_raises(Bunker::Error) { failing.call }
    end
  end
end
