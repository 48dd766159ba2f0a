# frozen_string_literal: true

require_relative "errors"

module Bunker
  # The http: option, with mquickjs-ruby's names. Validated here; not sent to bunker yet.
  module HTTPOptions
    LISTS = %i[allowlist denylist].freeze
    COUNTS = %i[max_requests request_timeout max_request_size max_response_size].freeze
    KEYS = (LISTS + COUNTS + %i[allowed_methods allowed_ports block_private_ips]).freeze

    module_function

    # The wire form of +http+. bunker has no fetch broker yet (every fetch is refused with
    # HTTPBlockedError), and its options schema would refuse an http field, so nothing is sent.
    # When the fetch issue lands, map the validated hash to the broker's option names here.
    def to_wire(http)
      validate!(http)
      {}
    end

    def validate!(http)
      return if http.nil?
      raise invalid("http must be a Hash, got #{http.class}") unless http.is_a?(Hash)

      http = http.transform_keys { |key| key.is_a?(String) ? key.to_sym : key }
      unknown = http.keys - KEYS
      raise invalid("unknown http option #{unknown.map(&:inspect).join(', ')}") unless unknown.empty?
      if !http[:allowlist].nil? && !http[:denylist].nil?
        raise invalid("http: give allowlist or denylist, not both")
      end

      http.each { |name, value| check(name, value) unless value.nil? }
    end

    def check(name, value)
      ok =
        case name
        when *LISTS then value.is_a?(Array) && value.all? { |item| item.is_a?(String) && !item.empty? }
        when *COUNTS then value.is_a?(Integer) && !value.negative?
        when :allowed_methods
          value.is_a?(Array) && value.all? { |m| (m.is_a?(String) || m.is_a?(Symbol)) && !m.empty? }
        when :allowed_ports then value.is_a?(Array) && value.all? { |p| p.is_a?(Integer) && p.between?(1, 65_535) }
        when :block_private_ips then [true, false].include?(value)
        end
      raise invalid("http option #{name.inspect} #{EXPECTED.fetch(name)}, got #{value.inspect}") unless ok
    end

    EXPECTED = {
      allowlist: "must be an Array of URL patterns (Strings)",
      denylist: "must be an Array of URL patterns (Strings)",
      max_requests: "must be a non-negative Integer",
      request_timeout: "must be a non-negative Integer (ms)",
      max_request_size: "must be a non-negative Integer (bytes)",
      max_response_size: "must be a non-negative Integer (bytes)",
      allowed_methods: "must be an Array of method names",
      allowed_ports: "must be an Array of port numbers (1-65535)",
      block_private_ips: "must be true or false"
    }.freeze

    def invalid(message)
      ArgumentError.new(message, code: "INVALID_OPTION")
    end
  end
end
