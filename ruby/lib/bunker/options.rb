# frozen_string_literal: true

require_relative "errors"
require_relative "http_options"

module Bunker
  # Keyword options -> the options object of bunker's one schema (src/options.ts). Only names are
  # checked here, up front; values are validated by that schema, whose messages are translated
  # back to the Ruby names.
  module Options
    NAMES = {
      timeout_ms: "timeoutMs",
      cpu_time_ms: "cpuTimeMs",
      memory_limit: "memoryLimit",
      console_log_max_size: "consoleMaxBytes",
      stack_limit: "stackLimit",
      max_string_length: "maxStringLength",
      allow_read: "allowRead",
      allow_write: "allowWrite",
      allow_eval: "allowEval",
      typescript: "typescript",
      filename: "filename",
      tenant: "tenant",
      max_host_calls: "maxHostCalls",
      # "mquickjs" (set by bunker/mquickjs): mquickjs-ruby's globals, console and values.
      dialect: "dialect"
    }.freeze

    KNOWN = (NAMES.keys + [:http]).freeze

    # bunker's smallest honoured memoryLimit (src/options.ts MIN_MEMORY_LIMIT). A smaller
    # memory_limit is an mquickjs arena size (its default is 50_000 bytes): see
    # memory_limit_to_wire.
    MIN_MEMORY_LIMIT = 8 * 1024 * 1024

    module_function

    # Raises Bunker::ArgumentError naming any unknown keyword or http option.
    def to_wire(options)
      options = options.transform_keys { |key| key.is_a?(String) ? key.to_sym : key }
      unknown = options.keys - KNOWN
      unless unknown.empty?
        raise ArgumentError.new(
          "unknown option #{unknown.map(&:inspect).join(', ')} (known: #{KNOWN.map(&:inspect).join(', ')})",
          code: "INVALID_OPTION"
        )
      end
      wire = {}
      options.each do |name, value|
        next if value.nil? || name == :http

        value = memory_limit_to_wire(value) if name == :memory_limit
        wire[NAMES.fetch(name)] = value unless value.nil?
      end
      wire.merge(HTTPOptions.to_wire(options[:http]))
    end

    # mquickjs sizes one arena for its whole heap (default 50_000 bytes, at least 10_000); Bun's
    # engine needs several MiB for ordinary scripts (a default-depth stack overflow alone peaks
    # near 9 MiB). A value below bunker's 8 MiB minimum is therefore read as an mquickjs arena
    # size and left out, so bunker's default (64 MiB) applies; 8 MiB and above pass unchanged.
    # Strings ("64mb") pass unchanged: bunker parses sizes itself.
    def memory_limit_to_wire(value)
      return nil if value.is_a?(Integer) && value.positive? && value < MIN_MEMORY_LIMIT

      value
    end

    # 'option "timeoutMs": ...' -> 'option "timeout_ms": ...', and the http option's names likewise.
    def rubyize_message(message)
      message = HTTPOptions.rubyize_message(message)
      NAMES.reduce(message) { |text, (ruby, wire)| text.gsub("\"#{wire}\"", "\"#{ruby}\"") }
    end
  end
end
