# frozen_string_literal: true

require_relative "errors"
require_relative "values"

module Bunker
  # Host functions of one Bunker.eval or Sandbox (docs/protocol.md, "Host functions"): Ruby
  # callables the script calls as plain global functions. Only their names reach the server; each
  # call comes back as a line the waiting thread answers by running the callable (so a function
  # runs on the thread that called #eval, as mini_racer's attach does).
  class Functions
    # One identifier per segment: "lookup", "db.find" (src/functions.ts).
    NAME = /\A[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\z/.freeze
    RESERVED = %w[__proto__ prototype constructor].freeze
    MAX_NAME_CHARS = 256

    def initialize(functions = {})
      @lock = Mutex.new
      @table = {}
      unless functions.is_a?(Hash)
        raise ArgumentError.new("functions must be a Hash of name => callable, got #{functions.class}",
                                code: "INVALID_OPTION")
      end

      functions.each { |name, callable| define(name, callable) }
    end

    def names
      @lock.synchronize { @table.keys }
    end

    def empty?
      names.empty?
    end

    # Adds or replaces one; returns the name as the wire carries it.
    def define(name, callable)
      name = name.to_s if name.is_a?(Symbol)
      check_name(name)
      unless callable.respond_to?(:call)
        raise ArgumentError.new("host function #{name.inspect} must respond to #call, got #{callable.class}",
                                code: "INVALID_ARGUMENT")
      end

      @lock.synchronize do
        conflict = @table.keys.find { |other| other != name && (other.start_with?("#{name}.") || name.start_with?("#{other}.")) }
        if conflict
          raise ArgumentError.new("#{name.inspect} and #{conflict.inspect} cannot both be functions (one is inside the other)",
                                  code: "INVALID_ARGUMENT")
        end

        @table[name] = callable
      end
      name
    end

    # Runs the call a server line asks for; the fields of the `return` request that answers it.
    # What the callable raises goes back as its class name and message (the script sees an Error
    # named HostFunctionError with that message); never its backtrace.
    def answer(call)
      callable = @lock.synchronize { @table[call["name"]] }
      raise NameError, "no host function #{call['name'].inspect}" unless callable

      args = call["args"]
      { "callId" => call["callId"], "value" => Values.to_json_data(callable.call(*Array(args))) }
    rescue StandardError => e
      { "callId" => call["callId"], "error" => { "name" => e.class.name.to_s, "message" => Values.utf8(e.message.to_s, "message") } }
    end

    private

    def check_name(name)
      valid = name.is_a?(String) && name.length <= MAX_NAME_CHARS && NAME.match?(name) &&
              (name.split(".") & RESERVED).empty?
      return if valid

      raise ArgumentError.new("#{name.inspect} is not a host function name: identifiers joined by dots " \
                              "(not __proto__, prototype or constructor), at most #{MAX_NAME_CHARS} characters",
                              code: "INVALID_ARGUMENT")
    end
  end
end
