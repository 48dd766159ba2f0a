# frozen_string_literal: true

module Bunker
  # Base class of every error the gem raises. +code+ is bunker's machine-readable reason
  # ("WALL_TIMEOUT", "SANDBOX_CLOSED", ...); branch on the class or the code, not the message.
  # +http_requests+: every fetch the script attempted before it failed (HTTPRequest).
  #
  # The positional arguments after the message are mquickjs-ruby's constructors
  # (`HTTPError.new("m", "out", true)`): applications and their tests build these errors directly.
  class Error < StandardError
    # The message of `new` without one (mquickjs-ruby's defaults, for the classes that have one).
    DEFAULT_MESSAGE = nil

    attr_reader :code, :console_output, :http_requests

    def initialize(message = nil, output = nil, truncated = false, code: nil, console_output: output,
                   console_truncated: truncated, http_requests: [])
      super(message.nil? ? self.class::DEFAULT_MESSAGE : message)
      @code = code
      @console_output = console_output || ""
      @console_truncated = console_truncated
      @http_requests = http_requests
    end

    def console_truncated?
      @console_truncated
    end
  end

  # Raised by the script itself: carries the stack as the sandbox saw it.
  # Positionally as in mquickjs-ruby: `JavascriptError.new("m", "stack", "out", true)`.
  class GuestError < Error
    attr_reader :stack

    def initialize(message = nil, trace = nil, output = nil, truncated = false, stack: trace, **context)
      super(message, output, truncated, **context)
      @stack = stack
    end
  end

  class SyntaxError < GuestError; end
  class JavascriptError < GuestError; end
  class TimeoutError < Error
    DEFAULT_MESSAGE = "JavaScript execution timeout exceeded"
  end

  class MemoryLimitError < Error
    DEFAULT_MESSAGE = "Memory limit exceeded"
  end

  class HTTPBlockedError < Error; end
  class HTTPLimitError < Error; end
  class HTTPError < Error; end
  # The script made more than max_host_calls calls to host functions in one eval (HOST_CALL_LIMIT).
  class HostCallLimitError < Error; end
  class ArgumentError < Error; end
  class SandboxError < Error; end

  # The wire's error.name -> class. A name not listed here becomes a plain Bunker::Error.
  ERROR_CLASSES = {
    "SyntaxError" => SyntaxError,
    "JavaScriptError" => JavascriptError,
    "TimeoutError" => TimeoutError,
    "MemoryLimitError" => MemoryLimitError,
    "HTTPBlockedError" => HTTPBlockedError,
    "HTTPLimitError" => HTTPLimitError,
    "HTTPError" => HTTPError,
    "HostCallLimitError" => HostCallLimitError,
    "ArgumentError" => ArgumentError,
    "SandboxError" => SandboxError
  }.freeze
end
