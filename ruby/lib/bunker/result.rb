# frozen_string_literal: true

require_relative "http_request"

module Bunker
  # What an eval gives back: the completion value (converted from JSON: objects are Hashes with
  # String keys, whole numbers Integers), the console output, every fetch the script attempted
  # (HTTPRequest), and what the host measured.
  class Result
    attr_reader :value, :console_output, :http_requests, :stats

    # Keywords, or positionally as mquickjs-ruby's `Result.new(value, console_output,
    # console_truncated, http_requests = [])` (applications build Results in their tests).
    def initialize(initial = nil, output = "", truncated = false, requests = [], value: initial,
                   console_output: output, console_truncated: truncated, stats: {}, http_requests: requests)
      @value = value
      @console_output = console_output
      @console_truncated = console_truncated
      @stats = stats
      @http_requests = http_requests
    end

    def console_truncated?
      @console_truncated
    end

    # From an answer of the server with ok: true.
    def self.from_answer(answer)
      stats = answer.fetch("stats")
      new(
        value: answer["value"],
        console_output: answer.fetch("console"),
        console_truncated: answer.fetch("consoleTruncated"),
        stats: {
          wall_ms: stats.fetch("wallMs"),
          cpu_ms: stats.fetch("cpuMs"),
          peak_memory_bytes: stats.fetch("peakMemoryBytes"),
          host_calls: stats.fetch("hostCalls", 0)
        },
        http_requests: HTTPRequest.list(answer.fetch("requests"))
      )
    end
  end
end
