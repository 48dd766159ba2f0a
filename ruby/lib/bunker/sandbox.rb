# frozen_string_literal: true

require_relative "answers"
require_relative "errors"
require_relative "options"
require_relative "values"

module Bunker
  # One sandbox process in the shared bunker server, like mquickjs-ruby's Sandbox: globals
  # persist across #eval calls; evals run one at a time, in call order, from any thread.
  #
  # After a TimeoutError or MemoryLimitError the process is gone: later calls raise SandboxError;
  # create a new Sandbox. The same holds when the bunker server itself died.
  class Sandbox
    # Options: timeout_ms, memory_limit, console_log_max_size, http, and bunker's cpu_time_ms,
    # stack_limit, max_string_length, allow_read, allow_write, allow_eval, typescript (README.md).
    # Raises ArgumentError naming a bad option, SandboxError when bunker cannot start one.
    def initialize(client: Bunker.client, **options)
      wire = Options.to_wire(options)
      @connection, @handle = client.create_sandbox(wire)
      @timeout_ms = wire["timeoutMs"]
      # One request of this sandbox at a time, so that each waits only for its own timeout.
      @lock = Mutex.new
      @closed = false
      ObjectSpace.define_finalizer(self, self.class.finalizer(@connection, @handle))
    end

    # Yields a new sandbox and closes it afterwards.
    def self.open(**options)
      sandbox = new(**options)
      begin
        yield sandbox
      ensure
        sandbox.close
      end
    end

    # Evaluates +code+; returns a Result or raises the error the script ended with.
    def eval(code)
      unless code.is_a?(String)
        raise ArgumentError.new("code must be a String, got #{code.class}", code: "INVALID_ARGUMENT")
      end

      Answers.result!(request("eval", "code" => Values.utf8(code, "code")))
    end

    # Defines global +name+ (any non-empty String, identifier or not) in the sandbox; returns value.
    def set_variable(name, value)
      name = name.to_s if name.is_a?(Symbol)
      unless name.is_a?(String)
        raise ArgumentError.new("variable name must be a String, got #{name.class}", code: "INVALID_ARGUMENT")
      end

      data = Values.to_json_data(value)
      Answers.ok!(request("setVariable", "name" => Values.utf8(name, "name"), "value" => data))
      value
    end

    # Ends the sandbox process now, rather than when the sandbox is garbage-collected. Idempotent.
    def close
      return if @closed

      @closed = true
      ObjectSpace.undefine_finalizer(self)
      @connection.call("dispose", { "handle" => @handle })
      nil
    rescue SandboxError
      nil
    end

    def closed?
      @closed
    end

    def inspect
      "#<#{self.class} #{@handle}#{' closed' if @closed}>"
    end

    def self.finalizer(connection, handle)
      proc { connection.dispose_later(handle) }
    end

    private

    def request(op, fields)
      raise SandboxError.new("the sandbox was closed", code: "SANDBOX_CLOSED") if @closed

      @connection.check_owner!
      if @connection.closed?
        raise SandboxError.new(
          "the bunker server this sandbox lived in has ended; its globals are gone: create a new Sandbox",
          code: "SANDBOX_CLOSED"
        )
      end
      @lock.synchronize { @connection.call(op, fields.merge("handle" => @handle), timeout_ms: @timeout_ms) }
    end
  end
end
