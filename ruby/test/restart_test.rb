# frozen_string_literal: true

require "test_helper"

# The shared server dies (killed here from outside): calls in flight fail with SandboxError, the
# next call starts a new server, sandboxes of the old one stay gone.
class RestartTest < Minitest::Test
  def server_pid
    Bunker.client.connection.pid
  end

  def kill_server
    pid = server_pid
    Process.kill("KILL", pid)
    pid
  end

  def test_a_call_in_flight_fails_and_the_next_call_works
    sb = Bunker::Sandbox.new(timeout_ms: 30_000)
    in_flight = Thread.new do
      sb.eval("await new Promise((r) => setTimeout(r, 20_000)); 'never'")
    rescue Bunker::Error => e
      e
    end
    sleep 0.3
    old = kill_server
    error = in_flight.join(5)&.value
    assert_instance_of Bunker::SandboxError, error
    assert_equal "SANDBOX_CRASHED", error.code
    assert_equal "the bunker server exited (killed by signal 9)", error.message

    assert_equal 2, Bunker.eval("1 + 1").value
    refute_equal old, server_pid
    fresh = sandbox
    assert_equal 3, fresh.eval("3").value

    gone = assert_raises(Bunker::SandboxError) { sb.eval("1") }
    assert_equal "SANDBOX_CLOSED", gone.code
    assert_match(/\Athe bunker server this sandbox lived in has ended/, gone.message)
  end

  def test_a_server_that_died_while_idle_is_replaced_transparently
    Bunker.eval("1")
    connection = Bunker.client.connection
    old = kill_server
    eventually(5, "the client notices the server is gone") { connection.closed? }
    assert_equal 5, Bunker.eval("2 + 3").value
    assert_equal 1, sandbox.eval("1").value
    refute_equal old, server_pid
  end

  def test_killed_right_before_a_call
    Bunker.eval("1")
    kill_server
    # No waiting: the call may reach the dead server's pipe before the reader saw it close.
    outcome = begin
      Bunker.eval("7").value
    rescue Bunker::SandboxError => e
      e.code
    end
    assert_includes [7, "SANDBOX_CRASHED"], outcome
    assert_equal 8, Bunker.eval("8").value
  end

  def test_close_ends_the_server_and_its_sandboxes
    sb = Bunker::Sandbox.new
    pid = server_pid
    Bunker.close
    eventually(5, "the server exits on close") { !process_alive?(pid) }
    assert_raises(Bunker::SandboxError) { sb.eval("1") }
    assert_equal 4, Bunker.eval("2 * 2").value
  end

  def test_a_garbage_collected_sandbox_is_disposed_in_the_server
    connection = Bunker.client.connection
    # Made in another thread, so that no stale reference stays on this thread's stack.
    handles = Thread.new { Array.new(3) { Bunker::Sandbox.new.instance_variable_get(:@handle) } }.value
    GC.start(full_mark: true, immediate_sweep: true)
    check = lambda do
      handles.all? do |handle|
        connection.call("eval", { "handle" => handle, "code" => "1" })["error"]&.fetch("code") == "SANDBOX_CLOSED"
      end
    end
    eventually(10, "finalized sandboxes are disposed") do
      GC.start
      check.call
    end
  end
end
