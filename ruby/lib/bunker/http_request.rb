# frozen_string_literal: true

module Bunker
  # One fetch the script attempted, allowed or not (bunker's RequestRecord, src/broker/record.ts),
  # with mquickjs-ruby's HTTPRequest readers: method, url, status (nil when nothing came back),
  # duration_ms, request_size and response_size (body bytes), plus bunker's +blocked+ (why the
  # broker refused it before sending anything: "allowlist", "private-address", ...) and +error+
  # ("HTTPLimitError: ...", when it was sent but failed or hit a limit). A redirect is one
  # record per hop.
  HTTPRequest = Struct.new(
    :method, :url, :status, :duration_ms, :request_size, :response_size, :blocked, :error,
    keyword_init: true
  ) do
    # From the `requests` of an answer (an Array of Hashes with bunker's names).
    def self.list(records)
      records.map do |record|
        new(
          method: record.fetch("method"),
          url: record.fetch("url"),
          status: record.fetch("status"),
          duration_ms: record.fetch("durationMs"),
          request_size: record.fetch("requestBytes"),
          response_size: record.fetch("responseBytes"),
          blocked: record["blocked"],
          error: record["error"]
        ).freeze
      end.freeze
    end

    def blocked?
      !blocked.nil?
    end
  end
end
