# frozen_string_literal: true

require "test_helper"
require "loopback_server"
require "bunker/mquickjs"

# The http: option end to end: scripts fetch from a real server on loopback through bunker's
# broker, which pins api.test to 127.0.0.1 (resolve:) and lets that one private address through
# (allowed_ips:).
class HTTPTest < Minitest::Test
  def setup
    @server = LoopbackServer.new
    @base = "http://api.test:#{@server.port}"
  end

  def teardown
    @server.close
    super
  end

  def reach(**extra)
    { allowlist: ["api.test"], resolve: { "api.test" => "127.0.0.1" }, allowed_ips: ["127.0.0.1/32"],
      allowed_ports: [@server.port] }.merge(extra)
  end

  def answer(method, path, body = "")
    LoopbackServer.answer(method, path, "api.test:#{@server.port}", body)
  end

  # The records without their timing, which is checked to be a plausible Float instead.
  def untimed(requests)
    requests.map do |request|
      assert_kind_of Numeric, request.duration_ms
      assert_operator request.duration_ms, :>=, 0
      request.to_h.except(:duration_ms)
    end
  end

  def test_fetches_an_allowed_host_and_lists_the_request
    result = Bunker.eval(<<~JS, http: reach)
      const response = await fetch("#{@base}/hello", { method: "POST", body: "abc" });
      ({ status: response.status, body: await response.json() })
    JS
    assert_equal({ "status" => 200, "body" => JSON.parse(answer("POST", "/hello", "abc")) }, result.value)
    assert_equal [{ method: "POST", url: "#{@base}/hello", status: 200, request_size: 3,
                    response_size: answer("POST", "/hello", "abc").bytesize, blocked: nil, error: nil }],
                 untimed(result.http_requests)
    refute result.http_requests.first.blocked?
    assert_equal [["POST", "/hello", "abc"]], @server.hits.map { |hit| [hit.method, hit.path, hit.body] }
  end

  def test_mquickjs_eval_takes_the_same_http_option
    result = MQuickJS.eval("(await fetch('#{@base}/m')).status", http: reach)
    assert_equal 200, result.value
    assert_instance_of MQuickJS::HTTPRequest, result.http_requests.first
    assert_equal %i[method url status duration_ms request_size response_size blocked error],
                 result.http_requests.first.to_h.keys
  end

  def test_a_host_not_on_the_allowlist_is_refused_before_anything_is_sent
    error = assert_raises(Bunker::HTTPBlockedError) do
      Bunker.eval("await fetch('http://other.test:#{@server.port}/')",
                  http: reach(resolve: { "api.test" => "127.0.0.1", "other.test" => "127.0.0.1" }))
    end
    assert_equal "HTTP_BLOCKED", error.code
    assert_equal "http://other.test:#{@server.port}/ is not in the allowlist", error.message
    assert_equal [{ method: "GET", url: "http://other.test:#{@server.port}/", status: nil, request_size: 0,
                    response_size: 0, blocked: "allowlist", error: nil }],
                 untimed(error.http_requests)
    assert_equal [0, []], [@server.connections, @server.hits]
  end

  def test_a_private_address_is_refused_unless_allowed
    http = { allowlist: ["api.test"], resolve: { "api.test" => "127.0.0.1" }, allowed_ports: [@server.port] }
    error = assert_raises(Bunker::HTTPBlockedError) { Bunker.eval("await fetch('#{@base}/')", http: http) }
    assert_equal ["private-address"], error.http_requests.map(&:blocked)
    assert_equal 0, @server.connections

    assert_equal 200, Bunker.eval("(await fetch('#{@base}/')).status", http: http.merge(block_private_ips: false)).value
  end

  def test_the_script_can_catch_a_refused_fetch
    result = Bunker.eval(<<~JS, http: reach)
      let name;
      try { await fetch("https://example.com/") } catch (e) { name = e.name }
      name
    JS
    assert_equal "HTTPBlockedError", result.value
    assert_equal ["allowlist"], result.http_requests.map(&:blocked)
  end

  def test_max_requests_makes_the_next_fetch_an_http_limit_error
    error = assert_raises(Bunker::HTTPLimitError) do
      Bunker.eval("await fetch('#{@base}/1'); await fetch('#{@base}/2')", http: reach(max_requests: 1))
    end
    assert_equal "HTTP_LIMIT", error.code
    assert_equal "more than maxRequests (1) fetches in one eval", error.message
    assert_equal [200, nil], error.http_requests.map(&:status)
    assert_equal "HTTPLimitError: more than maxRequests (1) fetches in one eval", error.http_requests.last.error
    assert_equal ["/1"], @server.hits.map(&:path)
  end

  def test_allowed_methods_are_upcased_and_replace_the_default
    result = Bunker.eval(<<~JS, http: reach(allowed_methods: [:post, "put"]))
      const seen = [];
      for (const method of ["GET", "POST", "PUT"]) {
        try { seen.push((await fetch("#{@base}/", { method, body: method === "GET" ? undefined : "x" })).status) }
        catch (e) { seen.push(e.name) }
      }
      seen
    JS
    assert_equal ["HTTPBlockedError", 200, 200], result.value
    assert_equal %w[POST PUT], @server.hits.map(&:method)
  end

  def test_denylist_allows_everything_it_does_not_name
    http = reach(allowlist: nil, denylist: ["evil.test"])
    result = Bunker.eval(<<~JS, http: http)
      const seen = [];
      for (const url of ["http://evil.test/", "#{@base}/"]) {
        try { seen.push((await fetch(url)).status) } catch (e) { seen.push(e.name) }
      }
      seen
    JS
    assert_equal ["HTTPBlockedError", 200], result.value
    assert_equal ["denylist", nil], result.http_requests.map(&:blocked)
  end

  def test_an_empty_http_hash_turns_fetch_on_with_nothing_allowed
    error = assert_raises(Bunker::HTTPBlockedError) { Bunker.eval("await fetch('#{@base}/')", http: {}) }
    assert_equal ["allowlist"], error.http_requests.map(&:blocked)
  end

  def test_without_http_fetch_is_off
    error = assert_raises(Bunker::HTTPBlockedError) { Bunker.eval("await fetch('#{@base}/')") }
    assert_equal "fetch is not enabled (no http option was given)", error.message
    assert_equal ["disabled"], error.http_requests.map(&:blocked)
    assert_equal 0, @server.connections
  end

  def test_a_sandbox_counts_requests_per_eval
    sb = sandbox(http: reach(max_requests: 1))
    2.times { assert_equal 200, sb.eval("(await fetch('#{@base}/')).status").value }
    assert_equal 2, @server.hits.size
  end

  def test_allowlist_and_denylist_together_are_refused_before_anything_runs
    no_server = Object.new
    def no_server.create_sandbox(_options) = raise("the server was asked")

    error = assert_raises(Bunker::ArgumentError) do
      Bunker::Sandbox.new(client: no_server, http: { allowlist: ["a.test"], denylist: ["b.test"] })
    end
    assert_equal ["INVALID_OPTION", "http: give allowlist or denylist, not both"], [error.code, error.message]
    # mquickjs refuses the two only when both list something (both empty: mquickjs_dropin_test.rb).
    assert_raises(MQuickJS::ArgumentError) { MQuickJS.eval("1", http: { "allowlist" => ["a"], "denylist" => ["b"] }) }
  end
end
