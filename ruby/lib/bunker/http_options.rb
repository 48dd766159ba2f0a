# frozen_string_literal: true

require_relative "errors"

module Bunker
  # The http: option: mquickjs-ruby's names (and a few of bunker's own) -> the `http` option of
  # bunker's schema (src/http-options.ts). As with the other options, only names are checked here,
  # up front; values are validated by the schema, whose messages name the Ruby option
  # (Options.rubyize_message).
  #
  # http: nil (the default) leaves fetch off. http: {} turns it on with an empty allowlist, which
  # allows nothing (as in mquickjs).
  module HTTPOptions
    NAMES = {
      allowlist: "allowlist",
      denylist: "denylist",
      max_requests: "maxRequests",
      request_timeout: "requestTimeoutMs",
      max_request_size: "maxRequestBytes",
      max_response_size: "maxResponseBytes",
      allowed_methods: "allowedMethods",
      allowed_ports: "allowedPorts",
      block_private_ips: "blockPrivateIps",
      # Not in mquickjs: bunker's own.
      allowed_ips: "allowedIps",
      max_redirects: "maxRedirects",
      resolve: "resolve",
      ca_certificates: "caCertificates"
    }.freeze

    module_function

    # { "http" => {...} } for Options.to_wire to merge, or {} when fetch stays off. Raises
    # Bunker::ArgumentError for a non-Hash, an unknown key, or allowlist and denylist together.
    def to_wire(http)
      return {} if http.nil?
      raise invalid("http must be a Hash, got #{http.class}") unless http.is_a?(Hash)

      http = http.transform_keys { |key| key.is_a?(String) ? key.to_sym : key }
      unknown = http.keys - NAMES.keys
      unless unknown.empty?
        raise invalid("unknown http option #{unknown.map(&:inspect).join(', ')} " \
                      "(known: #{NAMES.keys.map(&:inspect).join(', ')})")
      end
      if !http[:allowlist].nil? && !http[:denylist].nil?
        raise invalid("http: give allowlist or denylist, not both")
      end

      wire = {}
      http.each { |name, value| wire[NAMES.fetch(name)] = value_to_wire(name, value) unless value.nil? }
      { "http" => wire }
    end

    # Method names may be Symbols or any case, as in mquickjs; anything else is left for the
    # schema to refuse.
    def value_to_wire(name, value)
      return value unless name == :allowed_methods && value.is_a?(Array)

      value.map { |method| method.is_a?(Symbol) || method.is_a?(String) ? method.to_s.upcase : method }
    end

    # 'option "http.maxRequestBytes": maxRequestBytes must be ...' ->
    # 'option "http.max_request_size": max_request_size must be ...'
    def rubyize_message(message)
      NAMES.reduce(message) { |text, (ruby, wire)| text.gsub(/\b#{wire}\b/, ruby.to_s) }
    end

    def invalid(message)
      ArgumentError.new(message, code: "INVALID_OPTION")
    end
  end
end
