# frozen_string_literal: true

require_relative "errors"

module Bunker
  # Ruby -> JSON-ready data for set_variable, following mquickjs-ruby where it is defined:
  # Symbols become Strings, Hash keys are Strings, Integers from 2**62 on become Strings, other
  # objects their to_s. Where mquickjs crashed (cycles) this raises Bunker::ArgumentError, and
  # where JSON has no form (NaN, Infinity) the value becomes nil, as JSON.stringify does; with
  # +tagged+ (the server's numbers: "tagged", which the mquickjs shim uses) NaN, Infinity and -0.0
  # cross as the wire format writes them, both ways (see .untag).
  module Values
    MAX_DEPTH = 1000
    BIG_INTEGER = 2**62

    module_function

    def to_json_data(value, path = "value", ancestors = {}.compare_by_identity, tagged: false)
      case value
      when nil, true, false then value
      when String then utf8(value, path)
      when Symbol then utf8(value.to_s, path)
      when Integer then value.abs < BIG_INTEGER ? value : value.to_s
      when Float then float(value, tagged)
      when Array, Hash then container(value, path, ancestors, tagged)
      else utf8(value.to_s, path)
      end
    end

    def float(value, tagged)
      return value.finite? ? value : nil unless tagged
      return { "$t" => "number", "v" => "-0" } if value.zero? && (1.0 / value).negative?
      return value if value.finite?

      { "$t" => "number", "v" => value.nan? ? "NaN" : value.to_s }
    end

    # An answer's value with numbers: "tagged" -> Ruby: NaN, Infinity and -0 as Floats, an object
    # with its own "$t" key unwrapped.
    def untag(value)
      case value
      when Array then value.map { |item| untag(item) }
      when Hash
        case value["$t"]
        when nil then value.transform_values { |item| untag(item) }
        when "number" then NUMBERS.fetch(value["v"])
        else value.fetch("v").transform_values { |item| untag(item) }
        end
      else value
      end
    end

    NUMBERS = { "NaN" => Float::NAN, "Infinity" => Float::INFINITY, "-Infinity" => -Float::INFINITY,
                "-0" => -0.0 }.freeze

    def container(value, path, ancestors, tagged)
      raise invalid("#{short(path)} contains itself (a cycle)") if ancestors.key?(value)
      raise invalid("#{short(path)} is nested deeper than #{MAX_DEPTH} levels") if ancestors.size >= MAX_DEPTH

      ancestors[value] = true
      if value.is_a?(Array)
        value.each_with_index.map { |item, i| to_json_data(item, "#{path}[#{i}]", ancestors, tagged: tagged) }
      else
        out = value.each_with_object({}) do |(key, item), members|
          key = key.is_a?(String) ? utf8(key, path) : key.to_s
          members[key] = to_json_data(item, "#{path}[#{key.inspect}]", ancestors, tagged: tagged)
        end
        tagged && out.key?("$t") ? { "$t" => "object", "v" => out } : out
      end
    ensure
      ancestors.delete(value)
    end

    # JSON carries UTF-8 only: other encodings are converted; bytes that are not text are refused.
    def utf8(string, path)
      return string if string.encoding == Encoding::UTF_8 && string.valid_encoding?

      converted =
        if [Encoding::BINARY, Encoding::US_ASCII].include?(string.encoding)
          string.dup.force_encoding(Encoding::UTF_8)
        else
          string.encode(Encoding::UTF_8)
        end
      raise invalid("#{path} is not valid UTF-8") unless converted.valid_encoding?

      converted
    rescue EncodingError
      raise invalid("#{path} cannot be converted to UTF-8")
    end

    # "value[0][0]…[0][0]" rather than a path of a thousand steps.
    def short(path)
      path.length <= 80 ? path : "#{path[0, 40]}…#{path[-40..]}"
    end

    def invalid(message)
      ArgumentError.new(message, code: "INVALID_ARGUMENT")
    end
  end
end
