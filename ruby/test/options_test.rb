# frozen_string_literal: true

require "test_helper"

class OptionsTest < Minitest::Test
  def test_ruby_names_map_to_bunkers
    wire = Bunker::Options.to_wire(
      timeout_ms: 1000, cpu_time_ms: 500, memory_limit: 32 * MiB, console_log_max_size: 100,
      stack_limit: "1mb", max_string_length: 10, allow_read: ["/a"], allow_write: ["/b"],
      allow_eval: true, typescript: false
    )
    assert_equal({
                   "timeoutMs" => 1000, "cpuTimeMs" => 500, "memoryLimit" => 32 * MiB, "consoleMaxBytes" => 100,
                   "stackLimit" => "1mb", "maxStringLength" => 10, "allowRead" => ["/a"], "allowWrite" => ["/b"],
                   "allowEval" => true, "typescript" => false
                 }, wire)
  end

  def test_nil_options_are_left_to_bunkers_defaults
    assert_equal({}, Bunker::Options.to_wire(timeout_ms: nil, http: nil))
  end

  def test_unknown_keywords_are_refused_up_front_by_name
    error = assert_raises(Bunker::ArgumentError) { Bunker::Sandbox.new(timeout: 5, timeout_ms: 1) }
    assert_equal "INVALID_OPTION", error.code
    assert_match(/\Aunknown option :timeout \(known: :timeout_ms, /, error.message)
    assert_raises(Bunker::ArgumentError) { Bunker.eval("1", memory: 1) }
  end

  def test_bad_values_are_named_with_the_ruby_option
    { timeout_ms: 0, console_log_max_size: -1, memory_limit: "lots", stack_limit: 1, allow_eval: "yes" }.each do |name, bad|
      error = assert_raises(Bunker::ArgumentError, name) { Bunker::Sandbox.new(name => bad) }
      assert_equal "INVALID_OPTION", error.code
      assert_includes error.message, "option \"#{name}\"", name
    end
  end

  def test_memory_limit_mapping
    map = ->(limit) { Bunker::Options.to_wire(memory_limit: limit) }
    assert_equal({}, map.call(50_000), "mquickjs's default arena: bunker's default applies")
    assert_equal({}, map.call(8 * MiB - 1))
    assert_equal({ "memoryLimit" => 8 * MiB }, map.call(8 * MiB))
    assert_equal({ "memoryLimit" => 256 * MiB }, map.call(256 * MiB))
    assert_equal({ "memoryLimit" => "16mb" }, map.call("16mb"))
    assert_equal({ "memoryLimit" => 0 }, map.call(0), "not a size at all: bunker refuses it")
    assert_raises(Bunker::ArgumentError) { Bunker.eval("1", memory_limit: 0) }
  end

  def test_a_complete_http_option_is_accepted
    sb = sandbox(http: {
                   allowlist: ["https://api.github.com/**"], max_requests: 5, request_timeout: 5000,
                   max_request_size: 1_048_576, max_response_size: 1_048_576,
                   allowed_methods: %w[GET POST], allowed_ports: [443], block_private_ips: true
                 })
    assert_equal 1, sb.eval("1").value
    sandbox(http: { denylist: ["https://evil.example/**"] })
    sandbox(http: {})
  end

  def test_http_allowlist_and_denylist_together_are_refused
    error = assert_raises(Bunker::ArgumentError) do
      Bunker::Sandbox.new(http: { allowlist: ["https://a/**"], denylist: ["https://b/**"] })
    end
    assert_equal "http: give allowlist or denylist, not both", error.message
  end

  def test_bad_http_options_are_named
    {
      { allowlist: "https://a/**" } => 'http option :allowlist must be an Array of URL patterns (Strings), got "https://a/**"',
      { max_requests: -1 } => "http option :max_requests must be a non-negative Integer, got -1",
      { request_timeout: 1.5 } => "http option :request_timeout must be a non-negative Integer (ms), got 1.5",
      { allowed_ports: [0] } => "http option :allowed_ports must be an Array of port numbers (1-65535), got [0]",
      { allowed_methods: [""] } => 'http option :allowed_methods must be an Array of method names, got [""]',
      { block_private_ips: "no" } => 'http option :block_private_ips must be true or false, got "no"',
      { follow_redirects: true } => "unknown http option :follow_redirects"
    }.each do |http, message|
      error = assert_raises(Bunker::ArgumentError, http.inspect) { Bunker::Sandbox.new(http: http) }
      assert_equal message, error.message
      assert_equal "INVALID_OPTION", error.code
    end
    assert_equal "http must be a Hash, got Array",
                 assert_raises(Bunker::ArgumentError) { Bunker.eval("1", http: []) }.message
  end

  def test_fetch_is_refused_until_bunker_has_its_fetch_broker
    error = assert_raises(Bunker::HTTPBlockedError) do
      Bunker.eval("await fetch('https://api.github.com/')", http: { allowlist: ["https://api.github.com/**"] })
    end
    assert_equal "fetch is not enabled", error.message
  end
end
