# frozen_string_literal: true

require "test_helper"
require "bunker/mquickjs"
require "json"
require "open3"
require "socket"
require "tmpdir"

# Bunker.configure(url:, token:) / BUNKER_URL + BUNKER_TOKEN: Bunker.eval, Bunker::Sandbox and
# MQuickJS through a real `bunker serve --http` on loopback.
class RemoteTest < Minitest::Test
  TOKEN = "ruby-token-0123456789abcdef"
  BIN = File.expand_path("../../bin/bunker.js", __dir__)

  def self.node
    @node ||= begin
      dir = Dir.mktmpdir("bunker-remote-")
      File.write(File.join(dir, "tokens.json"), JSON.generate(tokens: [{ token: TOKEN, tenant: "ruby" }]))
      _stdin, _stdout, stderr, thread = Open3.popen3("node", BIN, "serve", "--http", "127.0.0.1:0",
                                                     "--token-file", File.join(dir, "tokens.json"))
      url = nil
      while (line = stderr.gets)
        event = JSON.parse(line) rescue nil # rubocop:disable Style/RescueModifier
        break url = event["url"] if event && event["event"] == "listening"
      end
      raise "the node did not start" unless url

      Thread.new { stderr.each_line { nil } }
      Minitest.after_run { Process.kill("TERM", thread.pid) rescue nil } # rubocop:disable Style/RescueModifier
      url
    end
  end

  # The whole gem suite runs in one process: the local client of the other tests is set aside
  # (not closed by configure) and put back afterwards.
  def setup
    @local = Bunker.instance_variable_get(:@client)
    Bunker.instance_variable_set(:@client, nil)
    Bunker.configure(url: self.class.node, token: TOKEN)
  end

  def teardown
    super
    Bunker.client.close
    Bunker.instance_variable_set(:@client, @local)
  end

  def test_eval_returns_the_result_from_the_service
    result = Bunker.eval('console.log("hi"); ({ sum: 1 + 2 })')
    assert_equal({ "sum" => 3 }, result.value)
    assert_equal "hi\n", result.console_output
    assert_kind_of Bunker::RemoteClient, Bunker.client
  end

  def test_errors_are_the_same_classes_and_codes
    # CPU budget to spare: with both at 300 ms either may trip first (JIT and GC threads count).
    error = assert_raises(Bunker::TimeoutError) { Bunker.eval("while (true) {}", timeout_ms: 300, cpu_time_ms: 60_000) }
    assert_equal "WALL_TIMEOUT", error.code
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("null.x") }
    assert_equal "JAVASCRIPT_ERROR", error.code
    error = assert_raises(Bunker::ArgumentError) { Bunker.eval("1", timeout_ms: -1) }
    assert_match(/timeout_ms/, error.message)
  end

  def test_sandbox_keeps_globals_takes_variables_and_closes
    box = Bunker::Sandbox.new(timeout_ms: 2000)
    assert_equal 1, box.eval("globalThis.n = 1; n").value
    box.set_variable("user", { "name" => "Ada", "tags" => [1, "two"] })
    assert_equal ["Ada", 2], box.eval("[user.name, n + 1]").value
    box.close
    error = assert_raises(Bunker::SandboxError) { box.eval("n") }
    assert_equal "SANDBOX_CLOSED", error.code
  end

  def test_mquickjs_shim_goes_to_the_service
    assert_equal 42, MQuickJS.eval("print('x'); 6 * 7").value
    sandbox = MQuickJS::Sandbox.new(timeout_ms: 1000)
    sandbox.set_variable("x", 5)
    assert_equal 10, sandbox.eval("x * 2").value
    sandbox.close
  end

  def test_connections_are_kept_alive
    3.times { |i| assert_equal i, Bunker.eval(i.to_s).value }
    assert_equal 1, Bunker.client.instance_variable_get(:@idle).size
  end

  def test_an_unknown_token_raises_unauthorized
    Bunker.configure(url: self.class.node, token: "not-a-token-of-this-node")
    error = assert_raises(Bunker::SandboxError) { Bunker.eval("1") }
    assert_equal "UNAUTHORIZED", error.code
  end

  def test_an_unreachable_service_raises_sandbox_unavailable
    port = TCPServer.open("127.0.0.1", 0).then { |server| server.addr[1].tap { server.close } }
    Bunker.configure(url: "http://127.0.0.1:#{port}", token: TOKEN)
    error = assert_raises(Bunker::SandboxError) { Bunker.eval("1") }
    assert_equal "SANDBOX_UNAVAILABLE", error.code
    assert_raises(Bunker::ArgumentError) { Bunker.configure(url: "ftp://x", token: TOKEN) }
  end

  def test_bunker_url_and_bunker_token_configure_a_fresh_process
    env = { "BUNKER_URL" => self.class.node, "BUNKER_TOKEN" => TOKEN, "PATH" => "/nonexistent" }
    script = 'require "bunker"; r = Bunker.eval("40 + 2"); puts [Bunker.client.class, r.value].join(" ")'
    out, status = Open3.capture2e(env, RbConfig.ruby, "-I#{File.expand_path('../lib', __dir__)}", "-e", script)
    assert status.success?, out
    assert_equal "Bunker::RemoteClient 42\n", out
  end
end
