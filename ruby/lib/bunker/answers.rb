# frozen_string_literal: true

require_relative "errors"
require_relative "http_request"
require_relative "options"
require_relative "result"

module Bunker
  # Answers of the server (the shape of `bunker run --json`) -> Result, value or exception.
  module Answers
    module_function

    def result!(answer)
      readable { Result.from_answer(ok!(answer)) }
    end

    def value!(answer)
      ok!(answer)["value"]
    end

    def ok!(answer)
      return answer if answer["ok"] == true

      raise readable { error(answer) }
    end

    # An answer missing a field, or with one of the wrong type, fails its own call only.
    def readable
      yield
    rescue KeyError, TypeError, NoMethodError => e
      raise SandboxError.new("the bunker server's answer is malformed (#{e.class}: #{e.message[0, 200]})",
                             code: "PROTOCOL_ERROR")
    end

    # The error an answer stands for, through the explicit ERROR_CLASSES table; a name not in it
    # becomes a plain Bunker::Error.
    def error(answer)
      info = answer.fetch("error")
      klass = ERROR_CLASSES.fetch(info["name"], Error)
      message = info["message"]
      message = Options.rubyize_message(message) if klass == ArgumentError
      context = {
        code: info["code"],
        console_output: answer.fetch("console", ""),
        console_truncated: answer.fetch("consoleTruncated", false),
        http_requests: HTTPRequest.list(answer.fetch("requests", []))
      }
      context[:stack] = info["stack"] if klass <= GuestError
      klass.new(message, **context)
    end
  end
end
