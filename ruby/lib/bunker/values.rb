# frozen_string_literal: true

require_relative "errors"

module Bunker
  # Ruby -> JSON-ready data for set_variable, following mquickjs-ruby where it is defined:
  # Symbols become Strings, Hash keys are Strings, Integers from 2**62 on become Strings, other
  # objects their to_s. Where mquickjs crashed (cycles) this raises Bunker::ArgumentError, and
  # where JSON has no form (NaN, Infinity) the value becomes nil, as JSON.stringify does.
  module Values
    MAX_DEPTH = 1000
    BIG_INTEGER = 2**62

    module_function

    def to_json_data(value, path = "value", ancestors = {}.compare_by_identity)
      case value
      when nil, true, false then value
      when String then utf8(value, path)
      when Symbol then utf8(value.to_s, path)
      when Integer then value.abs < BIG_INTEGER ? value : value.to_s
      when Float then value.finite? ? value : nil
      when Array, Hash then container(value, path, ancestors)
      else utf8(value.to_s, path)
      end
    end

    def container(value, path, ancestors)
      raise invalid("#{short(path)} contains itself (a cycle)") if ancestors.key?(value)
      raise invalid("#{short(path)} is nested deeper than #{MAX_DEPTH} levels") if ancestors.size >= MAX_DEPTH

      ancestors[value] = true
      if value.is_a?(Array)
        value.each_with_index.map { |item, i| to_json_data(item, "#{path}[#{i}]", ancestors) }
      else
        value.each_with_object({}) do |(key, item), out|
          key = key.is_a?(String) ? utf8(key, path) : key.to_s
          out[key] = to_json_data(item, "#{path}[#{key.inspect}]", ancestors)
        end
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
