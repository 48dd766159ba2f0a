# frozen_string_literal: true

require "test_helper"

# A server that stops answering holds no caller past its request's timeout plus the margin
# (issue 11, item 2); the call fails alone, and the connection serves again once the server does.
class AnswerTimeoutTest < Minitest::Test
  MARGIN = 1

  def setup
    @client = Bunker::Client.new(answer_margin: MARGIN)
  end

  def teardown
    Process.kill("CONT", @client.connection.pid)
    super
    @client.close
  end

  def elapsed
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
  ensure
    @elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  end

  def test_an_eval_on_a_stopped_server_gives_up_after_its_timeout_plus_the_margin
    # A margin that leaves room for a cold start of the two sandboxes on a busy machine.
    @client.close
    @client = Bunker::Client.new(answer_margin: 4)
    sb = Bunker::Sandbox.new(client: @client, timeout_ms: 300)
    other = Bunker::Sandbox.new(client: @client, timeout_ms: 300)
    Process.kill("STOP", @client.connection.pid)
    error = elapsed { assert_raises(Bunker::SandboxError) { sb.eval("1") } }
    assert_equal "ANSWER_TIMEOUT", error.code
    assert_equal "the bunker server did not answer within 4.3 s (the request's timeout plus a margin); " \
                 "it may be stalled. Other requests are not affected", error.message
    assert_operator @elapsed, :>=, 4.3
    assert_operator @elapsed, :<, 6, "gives up near its deadline"

    Process.kill("CONT", @client.connection.pid)
    assert_equal 2, other.eval("1 + 1").value
    assert_equal 3, sb.eval("3").value, "the late answer is dropped; the sandbox works on"
  end

  def test_calls_without_a_script_wait_for_the_margin_and_run_for_the_default_timeout
    @client.call("ping")
    assert_equal 5000, @client.connection.default_timeout_ms
    Process.kill("STOP", @client.connection.pid)
    error = elapsed { assert_raises(Bunker::SandboxError) { @client.call("ping") } }
    assert_equal "ANSWER_TIMEOUT", error.code
    assert_operator @elapsed, :>=, MARGIN
    assert_operator @elapsed, :<, MARGIN + 2

    error = elapsed { assert_raises(Bunker::SandboxError) { @client.call("run", { "code" => "1" }, timeout_ms: 500) } }
    assert_equal "ANSWER_TIMEOUT", error.code
    assert_operator @elapsed, :>=, MARGIN + 0.5
    assert_operator @elapsed, :<, MARGIN + 2.5
  end

  def test_threads_waiting_on_a_stopped_server_each_give_up_on_their_own_deadline
    @client.call("ping")
    Process.kill("STOP", @client.connection.pid)
    short = Thread.new { elapsed { assert_raises(Bunker::SandboxError) { @client.call("run", { "code" => "1" }, timeout_ms: 200) } } }
    long = Thread.new { elapsed { assert_raises(Bunker::SandboxError) { @client.call("run", { "code" => "1" }, timeout_ms: 2000) } } }
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_equal "ANSWER_TIMEOUT", short.value.code
    short_done = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    assert_equal "ANSWER_TIMEOUT", long.value.code
    long_done = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    assert_operator short_done, :<, 2.5, "the short call does not wait for the long one"
    assert_operator long_done, :>=, 2.9
  end
end
