# frozen_string_literal: true

require_relative "answers"
require_relative "connection"
require_relative "executable"

module Bunker
  # The `bunker serve` process of this Ruby process: started on first use, started again on the
  # next call after it died, and replaced by a fresh one in a forked child. Thread-safe.
  class Client
    # +answer_margin+: seconds a call waits beyond its request's own timeout before it gives up
    # (SandboxError ANSWER_TIMEOUT).
    def initialize(command: nil, answer_margin: Connection::ANSWER_MARGIN)
      @command = command
      @answer_margin = answer_margin
      @lock = Mutex.new
      @connection = nil
      @pid = Process.pid
    end

    # The live connection, starting a server when there is none (raises SandboxError when bunker
    # cannot be found or does not start).
    def connection
      @lock.synchronize do
        forked! if @pid != Process.pid
        @connection = nil if @connection&.closed?
        @connection ||= Connection.new(@command || Executable.command, margin: @answer_margin)
      end
    end

    # A request that holds no sandbox (run, create): when the server turned out to be dead before
    # the request reached it, it is sent once more to a new server.
    def call(op, fields = {}, timeout_ms: nil, functions: nil)
      connection.call(op, fields, timeout_ms: timeout_ms, functions: functions)
    rescue Connection::NotDelivered
      connection.call(op, fields, timeout_ms: timeout_ms, functions: functions)
    end

    # Starts a sandbox process in the server; returns the connection it lives on and its handle.
    # +function_names+: the host functions its script may call.
    def create_sandbox(options, function_names = [])
      attempts = 0
      fields = { "options" => options }
      fields["functions"] = function_names unless function_names.empty?
      begin
        live = connection
        [live, Answers.value!(live.call("create", fields)).fetch("handle")]
      rescue Connection::NotDelivered
        retry if (attempts += 1) == 1
        raise
      end
    end

    # Stops the server (it disposes every sandbox). The next call starts a new one.
    def close
      closing = @lock.synchronize { @connection.tap { @connection = nil } }
      closing&.close
    end

    # Called in the child right after fork (and whenever a call notices the pid changed): the
    # parent's server stays the parent's.
    def forked!
      @lock = Mutex.new if @pid != Process.pid && !@lock.owned?
      @connection&.abandon
      @connection = nil
      @pid = Process.pid
    end
  end
end
