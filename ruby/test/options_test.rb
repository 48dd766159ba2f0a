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

  def test_http_names_map_to_bunkers
    wire = Bunker::Options.to_wire(http: {
                                     allowlist: ["api.test"], max_requests: 5, request_timeout: 2000,
                                     max_request_size: 1024, max_response_size: "2mb", allowed_methods: [:get, "post"],
                                     allowed_ports: [8080], block_private_ips: false, allowed_ips: ["10.0.0.0/8"],
                                     max_redirects: 0, resolve: { "api.test" => "10.1.2.3" }, ca_certificates: ["PEM"]
                                   })
    assert_equal({ "http" => {
                   "allowlist" => ["api.test"], "maxRequests" => 5, "requestTimeoutMs" => 2000,
                   "maxRequestBytes" => 1024, "maxResponseBytes" => "2mb", "allowedMethods" => %w[GET POST],
                   "allowedPorts" => [8080], "blockPrivateIps" => false, "allowedIps" => ["10.0.0.0/8"],
                   "maxRedirects" => 0, "resolve" => { "api.test" => "10.1.2.3" }, "caCertificates" => ["PEM"]
                 } }, wire)
    assert_equal({ "http" => { "denylist" => ["evil.test"] } },
                 Bunker::Options.to_wire(http: { "denylist" => ["evil.test"], "allowlist" => nil }))
    assert_equal({ "http" => {} }, Bunker::Options.to_wire(http: {}), "fetch on, nothing allowed")
  end

  def test_http_allowlist_and_denylist_together_are_refused
    error = assert_raises(Bunker::ArgumentError) do
      Bunker::Sandbox.new(http: { allowlist: ["https://a/**"], denylist: ["https://b/**"] })
    end
    assert_equal "http: give allowlist or denylist, not both", error.message
  end

  def test_bad_http_values_are_named_with_the_ruby_option
    {
      { allowlist: "https://a/**" } => /\Aoption "http\.allowlist": /,
      { allowlist: ["https://a/?q"] } => /\Aoption "http\.allowlist\.0": invalid URL pattern "https:\/\/a\/\?q"/,
      { max_requests: -1 } => /\Aoption "http\.max_requests": /,
      { request_timeout: 0 } => /\Aoption "http\.request_timeout": Too small: expected number to be >0\z/,
      { request_timeout: 1.5 } => /\Aoption "http\.request_timeout": /,
      { max_request_size: "lots" } => /\Aoption "http\.max_request_size": max_request_size must be a byte count/,
      { allowed_ports: [0] } => /\Aoption "http\.allowed_ports\.0": /,
      { allowed_methods: ["BREW"] } => /\Aoption "http\.allowed_methods\.0": /,
      { block_private_ips: "no" } => /\Aoption "http\.block_private_ips": /,
      { allowed_ips: ["10.0.0.0/33"] } =>
        %r{\Aoption "http\.allowed_ips": invalid IP address or CIDR range "10\.0\.0\.0/33"\z},
      { resolve: { "api.test" => "nowhere" } } =>
        /\Aoption "http\.resolve\.api\.test": "nowhere" is not an IP address \(dotted-quad IPv4 or IPv6\)\z/,
      { ca_certificates: ["not a pem"] } => /\Aoption "http\.ca_certificates\.0": /
    }.each do |http, message|
      error = assert_raises(Bunker::ArgumentError, http.inspect) { Bunker::Sandbox.new(http: http) }
      assert_match message, error.message, http.inspect
      assert_equal "INVALID_OPTION", error.code
    end
  end

  def test_bad_http_names_are_refused_up_front
    error = assert_raises(Bunker::ArgumentError) { Bunker::Options.to_wire(http: { follow_redirects: true }) }
    assert_match(/\Aunknown http option :follow_redirects \(known: :allowlist, /, error.message)
    assert_equal "INVALID_OPTION", error.code
    assert_equal "http must be a Hash, got Array",
                 assert_raises(Bunker::ArgumentError) { Bunker.eval("1", http: []) }.message
  end
end
