# frozen_string_literal: true

require "test_helper"
require "tmpdir"

class ExecutableTest < Minitest::Test
  CHECKOUT_BIN = File.expand_path("../../bin/bunker.js", __dir__)

  def test_bunker_bin_comes_first
    Dir.mktmpdir do |dir|
      bin = File.join(dir, "bunker")
      File.write(bin, "#!/bin/sh\n")
      File.chmod(0o755, bin)
      assert_equal [bin], Bunker::Executable.command({ "BUNKER_BIN" => bin, "PATH" => ENV.fetch("PATH") })
    end
  end

  def test_a_js_bunker_bin_runs_with_node
    command = Bunker::Executable.command({ "BUNKER_BIN" => CHECKOUT_BIN, "PATH" => ENV.fetch("PATH") })
    assert_equal 2, command.size
    assert_equal "node", File.basename(command[0])
    assert_equal CHECKOUT_BIN, command[1]
  end

  def test_a_missing_bunker_bin_says_so
    error = assert_raises(Bunker::SandboxError) { Bunker::Executable.command({ "BUNKER_BIN" => "/nonexistent/bunker" }) }
    assert_equal "SANDBOX_UNAVAILABLE", error.code
    assert_match %r{\ABUNKER_BIN=/nonexistent/bunker does not exist\. Install bunker}, error.message
  end

  def test_then_the_checkout_this_gem_ships_in
    command = Bunker::Executable.command({ "PATH" => ENV.fetch("PATH") })
    assert_equal CHECKOUT_BIN, command[1]
  end

  def test_then_bunker_on_path
    Dir.mktmpdir do |dir|
      bin = File.join(dir, "bunker")
      File.write(bin, "#!/bin/sh\n")
      File.chmod(0o755, bin)
      assert_equal [bin], Bunker::Executable.command({ "PATH" => dir }, checkout: "/nonexistent")
    end
  end

  def test_nothing_found_says_how_to_install
    error = assert_raises(Bunker::SandboxError) { Bunker::Executable.command({ "PATH" => "/nonexistent" }, checkout: "/nonexistent") }
    assert_equal "SANDBOX_UNAVAILABLE", error.code
    assert_equal "the bunker executable was not found. #{Bunker::Executable::INSTALL_HINT}", error.message
    assert_match(/npm install -g/, error.message)
  end

  def test_a_command_that_cannot_start_is_a_sandbox_error
    error = assert_raises(Bunker::SandboxError) { Bunker::Client.new(command: ["/nonexistent/bunker"]).call("ping") }
    assert_equal "SANDBOX_UNAVAILABLE", error.code
  end

  def test_a_command_that_is_not_a_bunker_server
    error = assert_raises(Bunker::SandboxError) { Bunker::Client.new(command: ["/bin/echo", "hello"]).call("ping") }
    assert_equal "SANDBOX_START_FAILED", error.code
    assert_equal "bunker serve did not start (said hello serve --stdio)", error.message
    error = assert_raises(Bunker::SandboxError) { Bunker::Client.new(command: ["/bin/false"]).call("ping") }
    assert_equal "SANDBOX_START_FAILED", error.code
    assert_match(/exited/, error.message)
  end
end
