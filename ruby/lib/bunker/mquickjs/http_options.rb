# frozen_string_literal: true

require_relative "../errors"
require_relative "../http_options"

module MQuickJS
  # mquickjs-ruby's http: Hash -> bunker's (Bunker::HTTPOptions), accepting what mquickjs accepts:
  # an empty list beside the other, unknown keys (ignored, with a warning), and its pattern syntax
  # matched on the parsed URL, never on the raw string (mquickjs's raw-string globs let
  # `https://evil.com?.example.com/api/x` through).
  module HTTPOptions
    LISTS = %i[allowlist denylist].freeze
    # Known to mquickjs-ruby; the rest of Bunker::HTTPOptions::NAMES are bunker's own.
    KNOWN = Bunker::HTTPOptions::NAMES.keys.freeze

    module_function

    # Raises Bunker::ArgumentError as mquickjs does for both lists, and for block_private_ips: nil.
    def translate(http)
      return http unless http.is_a?(Hash)

      http = http.transform_keys { |key| key.is_a?(String) ? key.to_sym : key }
      unknown = http.keys - KNOWN
      unless unknown.empty?
        warn "bunker/mquickjs: ignoring unknown http option #{unknown.map(&:inspect).join(', ')} " \
             "(as mquickjs-ruby does; known: #{KNOWN.map(&:inspect).join(', ')})"
        http = http.slice(*KNOWN)
      end
      # mquickjs reads nil as false and turns the check off; a nil from a missing setting must not
      # quietly open the private network, so it is refused.
      if http.key?(:block_private_ips) && http[:block_private_ips].nil?
        raise invalid("http block_private_ips: nil is ambiguous (mquickjs-ruby read it as false, which " \
                      "turns the private-IP check off); give true or false")
      end
      lists(http)
    end

    # Only lists with entries count; with neither, nothing is allowed (mquickjs: an empty allowlist).
    def lists(http)
      given = LISTS.reject { |key| http[key].nil? || (http[key].respond_to?(:empty?) && http[key].empty?) }
      raise invalid("Cannot specify both allowlist and denylist. Use one or the other.") if given.size == 2

      key = given.first || :allowlist
      entries = http[key] || []
      entries = entries.map { |entry| pattern(entry) } if entries.is_a?(Array)
      http.reject { |name, _| LISTS.include?(name) }.merge(key => entries)
    end

    # An mquickjs glob becomes bunker's `glob:` form (src/broker/glob-patterns.ts), matched part by
    # part on the parsed URL, query included, as mquickjs meant it. A host entry such as
    # `api.example.com` matched no URL in mquickjs (every URL has a "//"): it stays bunker's host
    # pattern, which is what such an entry is written for.
    def pattern(entry)
      return entry unless entry.is_a?(String)

      glob = entry.include?("://") || entry.start_with?("**") || !entry.match?(/[^*]/)
      glob ? "glob:#{entry}" : entry
    end

    def invalid(message)
      Bunker::ArgumentError.new(message, code: "INVALID_OPTION")
    end
  end
end
