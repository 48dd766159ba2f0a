# frozen_string_literal: true

require_relative "../bunker"
require_relative "mquickjs/http_options"
require_relative "mquickjs/open_sandboxes"

# mquickjs-ruby's API on top of bunker: `require "bunker/mquickjs"` instead of `require "mquickjs"`
# and the rest of the application stays as it is. The error classes are bunker's own, so
# `rescue MQuickJS::TimeoutError` and `rescue Bunker::TimeoutError` catch the same errors.
# Differences from mquickjs-ruby: ruby/README.md.
module MQuickJS
  VERSION = Bunker::VERSION

  Error = Bunker::Error
  SyntaxError = Bunker::SyntaxError
  JavascriptError = Bunker::JavascriptError
  TimeoutError = Bunker::TimeoutError
  MemoryLimitError = Bunker::MemoryLimitError
  HTTPBlockedError = Bunker::HTTPBlockedError
  HTTPLimitError = Bunker::HTTPLimitError
  HTTPError = Bunker::HTTPError
  HostCallLimitError = Bunker::HostCallLimitError
  ArgumentError = Bunker::ArgumentError
  SandboxError = Bunker::SandboxError
  Result = Bunker::Result
  HTTPRequest = Bunker::HTTPRequest

  # mquickjs refuses arenas smaller than this (its standard library needs about 10 KB).
  MIN_MEMORY_LIMIT = 10_000
  # mquickjs: timeout_ms <= 0 disables the timeout. bunker always has one: its longest, one day.
  NO_TIMEOUT_MS = 86_400_000
  # mquickjs's timeout is wall-clock only; bunker's CPU budget defaults to the same number, and a
  # sandbox's first eval measured 40 ms of CPU (its runtime's own threads) under timeout_ms: 5.
  # The wall clock still ends the script at timeout_ms, counted from the script's start (the
  # dialect's; at least 100 ms), and the sandbox keeps its globals when the sandbox itself stopped
  # the script (a synchronous loop, a wait); ruby/README.md says when it does not.
  MIN_CPU_TIME_MS = 1000
  # mquickjs names every script so in its stacks (`at <eval>:3:5`); code may match on it.
  FILENAME = "<eval>"
  # bunker's dialect of mquickjs-ruby (the dialect option, src/options.ts): print(), its
  # synchronous fetch, its console formatting and its conversion of functions and Errors, installed
  # by the sandbox itself before the first eval's code runs (no eval of the user's time budget).
  DIALECT = "mquickjs"

  class Sandbox
    # Raises SandboxError PROCESS_LIMIT when too many are open (OpenSandboxes).
    def initialize(memory_limit: 50_000, timeout_ms: 5000, console_log_max_size: 10_000, http: nil, **bunker_options)
      # mquickjs takes any Numeric and casts it: 5e4 is 50_000.
      memory_limit = memory_limit.to_i if memory_limit.is_a?(Float) && memory_limit.finite? && memory_limit % 1 == 0
      # Word for word as mquickjs-ruby raises it: code may match on it.
      if memory_limit.is_a?(Integer) && memory_limit < MIN_MEMORY_LIMIT
        raise ArgumentError.new("memory_limit cannot be less than #{MIN_MEMORY_LIMIT}", code: "INVALID_OPTION")
      end

      http = HTTPOptions.translate(http)
      timeout_ms = NO_TIMEOUT_MS if timeout_ms.is_a?(Numeric) && timeout_ms <= 0
      if timeout_ms.is_a?(Numeric) && !bunker_options.key?(:cpu_time_ms)
        bunker_options = bunker_options.merge(cpu_time_ms: [timeout_ms, MIN_CPU_TIME_MS].max)
      end
      OpenSandboxes.admit!
      @sandbox = Bunker::Sandbox.new(
        memory_limit: memory_limit, timeout_ms: timeout_ms, console_log_max_size: console_log_max_size,
        http: http, **{ filename: FILENAME }.merge(bunker_options), dialect: DIALECT, tagged_numbers: true
      )
      OpenSandboxes.add(self)
    end

    # As in mquickjs, an uncaught error whose string form starts with "SyntaxError" (JSON.parse('{'),
    # throw new SyntaxError('x')) raises SyntaxError, like a parse error.
    def eval(code)
      @sandbox.eval(code)
    rescue JavascriptError => e
      raise unless e.message.start_with?("SyntaxError")

      raise SyntaxError.new(e.message, stack: e.stack, code: "SYNTAX_ERROR", console_output: e.console_output,
                                       console_truncated: e.console_truncated?, http_requests: e.http_requests)
    end

    # As in mquickjs, an empty name raises Ruby's own ::ArgumentError.
    def set_variable(name, value)
      raise ::ArgumentError, "variable name cannot be empty" if name.to_s.empty?

      @sandbox.set_variable(name, value)
    end

    # Not in mquickjs: host functions, as Bunker::Sandbox#define_function (and the functions:
    # keyword of .new and MQuickJS.eval), for scripts that move from mini_racer's attach.
    def define_function(name, callable = nil, &block)
      @sandbox.define_function(name, callable, &block)
    end

    # Not in mquickjs (its sandboxes end with garbage collection, as these also do).
    def close
      @sandbox.close
    end

    def closed?
      @sandbox.closed?
    end
  end

  def self.eval(code, memory_limit: 50_000, timeout_ms: 5000, http: nil, **bunker_options)
    sandbox = Sandbox.new(memory_limit: memory_limit, timeout_ms: timeout_ms, http: http, **bunker_options)
    begin
      sandbox.eval(code)
    ensure
      sandbox.close
    end
  end
end
