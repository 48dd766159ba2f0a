# frozen_string_literal: true

require "test_helper"
require "loopback_server"
require "bunker/mquickjs"

# issue 15: what applications written against mquickjs-ruby's documented API observe, through the
# shim and the real sandbox (shared/reference/mquickjs-ruby.md; quoted shapes from the issue).
class MQuickJSDropInTest < Minitest::Test
  def teardown
    @sandboxes&.each(&:close)
    super
  end

  def shim(**options)
    (@sandboxes ||= []) << MQuickJS::Sandbox.new(**options)
    @sandboxes.last
  end

  # --- errors and Result: mquickjs-ruby's constructors and defaults --------------------------

  def test_error_classes_keep_mquickjs_constructors_and_default_messages
    js = MQuickJS::JavascriptError.new("m", "stack", "out", true)
    assert_equal ["m", "stack", "out", true], [js.message, js.stack, js.console_output, js.console_truncated?]
    syntax = MQuickJS::SyntaxError.new("m", "st")
    assert_equal ["m", "st", "", false], [syntax.message, syntax.stack, syntax.console_output, syntax.console_truncated?]
    http = MQuickJS::HTTPError.new("b", "o", true)
    assert_equal ["b", "o", true], [http.message, http.console_output, http.console_truncated?]
    timeout = MQuickJS::TimeoutError.new("t", "out", true)
    assert_equal ["t", "out", true], [timeout.message, timeout.console_output, timeout.console_truncated?]
    assert_equal "JavaScript execution timeout exceeded", MQuickJS::TimeoutError.new.message
    assert_equal "Memory limit exceeded", MQuickJS::MemoryLimitError.new.message
    assert_equal "", MQuickJS::HTTPBlockedError.new("x").console_output
  end

  def test_result_keeps_mquickjs_constructor
    result = MQuickJS::Result.new(1, "out", false, [])
    assert_equal [1, "out", false, []], [result.value, result.console_output, result.console_truncated?, result.http_requests]
  end

  # --- values ---------------------------------------------------------------------------------

  def test_a_returned_function_is_its_source_text
    sb = shim
    assert_equal "function f() { return 1 }", sb.eval("function f() { return 1 }; f").value
    assert_equal({ "a" => 1, "g" => "() => 2" }, sb.eval("({ a: 1, g: () => 2 })").value)
  end

  def test_a_returned_error_is_its_string_form
    assert_equal "TypeError: boom", MQuickJS.eval("new TypeError('boom')").value
    assert_equal ["Error: x", "RangeError"], MQuickJS.eval("[new Error('x'), new RangeError()]").value
  end

  def test_bunkers_own_api_still_refuses_a_function
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("(function f() {})") }
    assert_match(/\ADataCloneError: function at value could not be cloned/, error.message)
  end

  # --- errors raised by scripts ---------------------------------------------------------------

  def test_a_syntax_error_thrown_at_run_time_is_a_syntax_error
    error = assert_raises(MQuickJS::SyntaxError) { MQuickJS.eval("JSON.parse('{')") }
    assert_match(/\ASyntaxError: JSON Parse error/, error.message)
    thrown = assert_raises(MQuickJS::SyntaxError) { MQuickJS.eval("console.log('before'); throw new SyntaxError('x')") }
    assert_equal ["SyntaxError: x", "before\n"], [thrown.message, thrown.console_output]
    assert_match(/\ASyntaxError: x\n\s+at <eval>:1:/, thrown.stack)
    assert_raises(MQuickJS::JavascriptError) { MQuickJS.eval("throw new TypeError('t')") }
  end

  # --- console --------------------------------------------------------------------------------

  def test_console_formats_as_mquickjs_does
    result = MQuickJS.eval("console.log('50%off', 1); console.log({ a: 1 }, [1, [2, 3]], null, undefined); " \
                           "print('p', -0); console.log(Array.from({ length: 120 }, (_, i) => i).length); 0")
    assert_equal "50%off 1\n[object Object] 1,2,3 null undefined\np 0\n120\n", result.console_output
    long = MQuickJS.eval("console.log(Array.from({ length: 120 }, (_, i) => i)); 0").console_output
    assert_equal "#{(0...120).to_a.join(',')}\n", long, "every element, no '... more items'"
  end

  def test_console_truncated_when_output_is_dropped_after_the_cap_was_reached_exactly
    exact = shim(console_log_max_size: 10).eval("console.log('123456789'); console.log('x'); 1")
    assert_equal ["123456789\n", true], [exact.console_output, exact.console_truncated?]
    zero = shim(console_log_max_size: 0).eval("console.log('a'); 1")
    assert_equal ["", true], [zero.console_output, zero.console_truncated?]
    # 2,000 lines of 5 bytes fill the default cap exactly; the 2,001st is dropped.
    many = MQuickJS.eval("for (var i = 0; i < 2001; i++) console.log('line'); 1")
    assert_equal [10_000, true], [many.console_output.bytesize, many.console_truncated?]
    fits = shim(console_log_max_size: 10).eval("console.log('123456789'); 1")
    assert_equal ["123456789\n", false], [fits.console_output, fits.console_truncated?]
  end

  def test_bunkers_own_api_reports_the_same_truncation
    result = Bunker.eval("console.log('123456789'); console.log('x'); 1", console_log_max_size: 10)
    assert_equal ["123456789\n", true], [result.console_output, result.console_truncated?]
  end

  # --- options and timing ---------------------------------------------------------------------

  def test_an_integral_float_memory_limit_is_accepted
    assert_equal 2, MQuickJS.eval("1 + 1", memory_limit: 5e4).value
    error = assert_raises(MQuickJS::ArgumentError) { MQuickJS::Sandbox.new(memory_limit: 9.999e3) }
    assert_equal "memory_limit cannot be less than 10000", error.message
  end

  def test_tiny_timeouts_never_fail_a_small_eval
    # The clock starts where the script starts (the guest's), and the host's deadline allows for
    # the way there: no eval of 1+1 fails under 1-10 ms, in a kept sandbox or a fresh one.
    (1..10).each do |ms|
      sb = shim(timeout_ms: ms)
      sb.set_variable("v", ms)
      3.times { assert_equal ms + 1, sb.eval("v + 1").value, "timeout_ms: #{ms}" }
      assert_equal 2, MQuickJS.eval("1+1", timeout_ms: ms).value, "MQuickJS.eval, timeout_ms: #{ms}"
    end
    assert_equal "function", shim(timeout_ms: 1000).eval("typeof print").value
    assert_raises(MQuickJS::TimeoutError) { shim(timeout_ms: 5).eval("while (true) {}") }
  end

  def test_a_timeout_in_a_synchronous_loop_keeps_the_sandbox_and_its_globals
    sb = shim(timeout_ms: 100)
    sb.eval("var x = 41; console.log('set')")
    error = assert_raises(MQuickJS::TimeoutError) { sb.eval("x++; console.log('looping'); while (true) {}") }
    assert_equal ["WALL_TIMEOUT", "the script ran longer than timeoutMs (100 ms)", "looping\n"],
                 [error.code, error.message, error.console_output]
    assert_equal 42, sb.eval("x").value
    assert_raises(MQuickJS::TimeoutError) { sb.eval("for (;;) { x = x }") }
    assert_equal 43, sb.eval("++x").value
  end

  def test_a_timeout_after_an_await_ends_the_sandbox
    sb = shim(timeout_ms: 100)
    sb.eval("var x = 1")
    assert_raises(MQuickJS::TimeoutError) { sb.eval("await 0; while (true) {}") }
    error = assert_raises(MQuickJS::SandboxError) { sb.eval("x") }
    assert_equal "SANDBOX_CLOSED", error.code
  end

  def test_dropped_sandboxes_are_collected_before_more_start
    GC.start
    counts = (MQuickJS::OpenSandboxes::GC_AFTER + 8).times.map do
      MQuickJS::Sandbox.new.eval("1")
      MQuickJS::OpenSandboxes.count
    end
    # Without the collection in Sandbox.new the count would climb to GC_AFTER + 8.
    assert_operator counts.max, :<=, MQuickJS::OpenSandboxes::GC_AFTER + 1, counts.inspect
  end

  def test_past_max_open_sandboxes_a_new_one_is_refused_until_one_is_closed_or_dropped
    GC.start
    limit = MQuickJS::OpenSandboxes::MAX_OPEN
    held = []
    held << MQuickJS::Sandbox.new while MQuickJS::OpenSandboxes.count < limit
    error = assert_raises(MQuickJS::SandboxError) { MQuickJS::Sandbox.new }
    assert_equal "PROCESS_LIMIT", error.code
    assert_equal "#{limit} MQuickJS sandboxes are open (at most #{limit}), each with its own processes: close those " \
                 "you no longer need (Sandbox#close) or drop every reference to them", error.message
    held.pop.close
    held << MQuickJS::Sandbox.new
    assert_equal 2, held.last.eval("1 + 1").value
    # Dropped, not closed: Sandbox.new collects it first (two, in case the stack still holds one).
    2.times { held.pop }
    held << MQuickJS::Sandbox.new
    assert_equal 2, held.last.eval("1 + 1").value
  ensure
    held&.each(&:close)
  end

  # --- http options -------------------------------------------------------------------------

  def test_an_empty_list_beside_a_full_one_and_both_empty_are_accepted
    assert_equal 1, MQuickJS.eval("1", http: { allowlist: ["https://api.example.com/**"], denylist: [] }).value
    assert_equal 1, MQuickJS.eval("1", http: { allowlist: [], denylist: [] }).value
    error = assert_raises(MQuickJS::HTTPBlockedError) { MQuickJS.eval("fetch('https://a.test/')", http: { allowlist: [], denylist: [] }) }
    assert_equal "https://a.test/ is not in the allowlist", error.message
  end

  def test_unknown_http_keys_are_ignored_with_a_warning
    _out, err = capture_io do
      assert_equal 1, MQuickJS.eval("1", http: { allowlist: [], follow_redirects: true }).value
    end
    assert_match(/ignoring unknown http option :follow_redirects/, err)
  end

  def test_block_private_ips_nil_is_refused
    error = assert_raises(MQuickJS::ArgumentError) { MQuickJS::Sandbox.new(http: { allowlist: [], block_private_ips: nil }) }
    assert_match(/\Ahttp block_private_ips: nil is ambiguous/, error.message)
  end

  def test_mquickjs_own_test_pattern_is_accepted
    sb = shim(http: { allowlist: ["**://*.datocms.com/**"] })
    error = assert_raises(MQuickJS::HTTPBlockedError) { sb.eval("fetch('https://evil.com?.datocms.com/x')") }
    assert_equal "https://evil.com/?.datocms.com/x is not in the allowlist", error.message
  end
end

# The synchronous fetch of the mquickjs dialect, against a real server on loopback.
class MQuickJSFetchTest < Minitest::Test
  def setup
    @server = LoopbackServer.new
    @base = "http://api.test:#{@server.port}"
    @http = { allowlist: ["api.test"], resolve: { "api.test" => "127.0.0.1" }, allowed_ips: ["127.0.0.1/32"],
              allowed_ports: [@server.port] }
  end

  def teardown
    @server.close
  end

  def test_fetch_is_synchronous_and_returns_mquickjs_plain_object
    result = MQuickJS.eval("var r = fetch('#{@base}/json', { method: 'post', body: 'hi' }); " \
                           "[r.status, r.statusText, r.ok, JSON.parse(r.body).method, JSON.parse(r.body).body, " \
                           "r.headers['content-type'], typeof r.then]", http: @http)
    assert_equal [200, "OK", true, "POST", "hi", "application/json", "undefined"], result.value
    assert_equal [["POST", "#{@base}/json", 200]], result.http_requests.map { |r| [r.method, r.url, r.status] }
  end

  def test_fetch_keeps_the_brokers_policy
    error = assert_raises(MQuickJS::HTTPBlockedError) { MQuickJS.eval("fetch('http://other.test:#{@server.port}/')", http: @http) }
    assert_equal "http://other.test:#{@server.port}/ is not in the allowlist", error.message
    assert_equal 0, @server.connections
    limit = assert_raises(MQuickJS::HTTPLimitError) { MQuickJS.eval("fetch('#{@base}/'); fetch('#{@base}/')", http: @http.merge(max_requests: 1)) }
    assert_equal "more than maxRequests (1) fetches in one eval", limit.message
  end

  def test_mquickjs_pattern_syntax_is_accepted_and_matched_on_the_parsed_url
    patterns = ["**://*.datocms.com/**", "**", "https://**", "*", "https://*/**", "https://api-*.example.com/**",
                "http*://a.test/**", "https://a.test/users?page=*", "https://a.test/a#frag"]
    patterns.each { |pattern| assert_equal 1, MQuickJS.eval("1", http: { allowlist: [pattern] }).value, pattern }
    assert_equal 1, MQuickJS.eval("1", http: { denylist: ["**/admin/**"] }).value
    http = @http.merge(allowlist: ["http://api.test:#{@server.port}/json"])
    assert_equal 200, MQuickJS.eval("fetch('#{@base}/json').status", http: http).value
    error = assert_raises(MQuickJS::HTTPBlockedError) { MQuickJS.eval("fetch('#{@base}/json?x=1')", http: http) }
    assert_equal "#{@base}/json?x=1 is not in the allowlist", error.message
    denied = @http.merge(allowlist: nil, denylist: ["**/admin/**"])
    assert_equal 200, MQuickJS.eval("fetch('#{@base}/public').status", http: denied).value
    assert_raises(MQuickJS::HTTPBlockedError) { MQuickJS.eval("fetch('#{@base}/x/admin/y')", http: denied) }
    assert_equal 2, @server.hits.size
  end

  def test_bunkers_own_api_keeps_the_whatwg_fetch
    assert_equal 200, Bunker.eval("(await fetch('#{@base}/')).status", http: @http).value
  end
end

# NaN, Infinity and -0 both ways, as mquickjs converts them (the server's numbers: "tagged").
class MQuickJSNumbersTest < Minitest::Test
  def test_non_finite_numbers_and_negative_zero_come_to_ruby_as_floats
    value = MQuickJS.eval("[NaN, Infinity, -Infinity, -0, 0, 1.5, { n: NaN }]").value
    assert value[0].nan?
    assert_equal [Float::INFINITY, -Float::INFINITY], value[1, 2]
    assert_equal [-0.0, true], [value[3], (1.0 / value[3]).negative?]
    assert_equal [0, 1.5], value[4, 2]
    assert value[6]["n"].nan?
  end

  def test_set_variable_gives_the_script_nan_and_infinity
    sb = MQuickJS::Sandbox.new
    sb.set_variable("v", Float::NAN)
    sb.set_variable("w", { "inf" => -Float::INFINITY, "z" => -0.0, "$t" => "mine" })
    assert_equal ["number", true, true, true, "mine"],
                 sb.eval("[typeof v, Number.isNaN(v), w.inf === -Infinity, Object.is(w.z, -0), w.$t]").value
    assert_equal({ "$t" => "mine", "a" => 1 }, sb.eval("({ $t: 'mine', a: 1 })").value)
  ensure
    sb&.close
  end

  def test_bunkers_own_api_keeps_json_numbers
    assert_equal [nil, 0], Bunker.eval("[NaN, -0]").value
  end
end
