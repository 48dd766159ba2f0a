# frozen_string_literal: true

require "test_helper"

# After fork the child uses a server of its own; the parent's server and sandboxes stay the
# parent's.
class ForkTest < Minitest::Test
  # Runs the block in a forked child and returns what it returned (Marshal through a pipe).
  def in_child
    reader, writer = IO.pipe
    pid = fork do
      reader.close
      outcome = begin
        yield
      rescue Exception => e # rubocop:disable Lint/RescueException
        "#{e.class}: #{e.message}"
      end
      writer.write(Marshal.dump(outcome))
      writer.close
      exit!(0)
    end
    writer.close
    outcome = Marshal.load(reader.read) # rubocop:disable Security/MarshalLoad
    Process.wait(pid)
    outcome
  ensure
    reader&.close
  end

  def test_the_child_starts_its_own_server
    sb = sandbox
    sb.set_variable("who", "parent")
    parent_server = Bunker.client.connection.pid
    child = in_child do
      gone = begin
        sb.eval("who")
        "no error"
      rescue Bunker::SandboxError => e
        [e.code, e.message]
      end
      { value: Bunker.eval("'child'").value, server: Bunker.client.connection.pid, parent_sandbox: gone }
    end
    assert_equal "child", child[:value]
    refute_equal parent_server, child[:server]
    assert_equal "SANDBOX_CLOSED", child[:parent_sandbox][0]
    assert_match(/created by process #{Process.pid} before it forked/, child[:parent_sandbox][1])
    assert_equal "parent", sb.eval("who").value, "the parent's sandbox is untouched"
    assert_equal parent_server, Bunker.client.connection.pid
  end

  def test_a_child_does_not_keep_the_parents_server_alive
    client = Bunker::Client.new
    server = client.connection.pid
    reader, writer = IO.pipe
    child = fork do
      reader.close
      writer.close
      sleep 10
      exit!(0)
    end
    writer.close
    client.close
    eventually(5, "the server exits although a child holding a copy of its pipe lives") { !process_alive?(server) }
    assert process_alive?(child)
  ensure
    Process.kill("KILL", child) if child
    Process.wait(child) if child
    reader&.close
  end
end
