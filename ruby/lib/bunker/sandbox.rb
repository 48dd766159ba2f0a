# frozen_string_literal: true

require_relative "answers"
require_relative "errors"
require_relative "functions"
require_relative "options"
require_relative "values"

module Bunker
  # One sandbox process in the shared bunker server, like mquickjs-ruby's Sandbox: globals
  # persist across #eval calls; evals run one at a time, in call order, from any thread.
  #
  # After a TimeoutError or MemoryLimitError the process is gone (an MQuickJS sandbox's stays after
  # most timeouts: README.md): later calls raise SandboxError;
  # create a new Sandbox. The same holds when the bunker server itself died.
  class Sandbox
    # Options: timeout_ms, memory_limit, console_log_max_size, http, and bunker's cpu_time_ms,
    # stack_limit, max_string_length, allow_read, allow_write, allow_eval, typescript (README.md).
    # +functions+: host functions the script may call, { "name" => callable } (see #define_function).
    # +tagged_numbers+: NaN, Infinity and -0.0 cross both ways instead of becoming nil and 0 (the
    # mquickjs shim sets it). The local server only: the HTTP service has no such option.
    # Raises ArgumentError naming a bad option, SandboxError when bunker cannot start one.
    def initialize(client: Bunker.client, functions: {}, tagged_numbers: false, **options)
      wire = Options.to_wire(options)
      @tagged = tagged_numbers && client.is_a?(Client) ? { "numbers" => "tagged" } : {}
      @functions = Functions.new(functions)
      @connection, @handle = client.create_sandbox(wire, @functions.names)
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

      answer = request("eval", { "code" => Values.utf8(code, "code") }.merge(@tagged))
      Answers.readable { answer["value"] = Values.untag(answer["value"]) } if !@tagged.empty? && answer["ok"] == true
      Answers.result!(answer)
    end

    # Defines global +name+ (any non-empty String, identifier or not) in the sandbox; returns value.
    def set_variable(name, value)
      name = name.to_s if name.is_a?(Symbol)
      unless name.is_a?(String)
        raise ArgumentError.new("variable name must be a String, got #{name.class}", code: "INVALID_ARGUMENT")
      end

      data = Values.to_json_data(value, tagged: !@tagged.empty?)
      Answers.ok!(request("setVariable", { "name" => Values.utf8(name, "name"), "value" => data }.merge(@tagged)))
      value
    end

    # Lets the script call +name+ as a plain global function from the next #eval on: the block (or
    # +callable+) receives copies of the script's arguments (JSON data: Hashes with String keys)
    # and its return value goes back the same way, as #set_variable's values do. A dotted name
    # ("db.find") defines nested objects. What it raises, the script sees as an Error named
    # HostFunctionError with the same message, which it may catch. The call runs on the thread
    # that called #eval; calling this sandbox's #eval from inside it raises SandboxError
    # REENTRANT_EVAL. Defining a name again replaces the function. Returns the name.
    def define_function(name, callable = nil, &block)
      check_reentrant!("define_function")
      callable ||= block
      name = @functions.define(name, callable)
      Answers.ok!(request("defineFunction", "name" => name))
      name
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

    # This thread holds the lock only while it waits for a request of this sandbox: it is inside
    # one of its host functions, whose script waits for it.
    def check_reentrant!(what)
      return unless @lock.owned?

      raise SandboxError.new("#{what} was called from inside a host function of the same Sandbox, whose " \
                             "script waits for that function: it would never run", code: "REENTRANT_EVAL")
    end

    def request(op, fields)
      raise SandboxError.new("the sandbox was closed", code: "SANDBOX_CLOSED") if @closed
      check_reentrant!(op)

      @connection.check_owner!
      if @connection.closed?
        raise SandboxError.new(
          "the bunker server this sandbox lived in has ended; its globals are gone: create a new Sandbox",
          code: "SANDBOX_CLOSED"
        )
      end
      @lock.synchronize do
        @connection.call(op, fields.merge("handle" => @handle), timeout_ms: @timeout_ms, functions: @functions)
      end
    end
  end
end
