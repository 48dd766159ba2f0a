# frozen_string_literal: true

require "json"
require_relative "errors"
require_relative "values"

module Bunker
  # One line of the server -> a Hash. Whatever the line holds, this raises nothing but
  # AnswerLine::Unreadable: a line that cannot be read fails only the request it answers (when its
  # id can still be found), never the connection or another sandbox.
  module AnswerLine
    # The line is not a JSON object; +id+ is the request it answers, nil when unknown.
    class Unreadable < StandardError
      attr_reader :id

      def initialize(message, id)
        super(message)
        @id = id
      end
    end

    # An answer holds the value (Values::MAX_DEPTH levels) inside the answer object.
    MAX_NESTING = Values::MAX_DEPTH + 1
    # The server writes "v" and "id" first (src/server/answers.ts); this gem's ids are integers.
    ID = /\A\{"v":1,"id":(\d+)[,}]/.freeze
    # Escapes, taken one at a time from the left: an escaped backslash, a surrogate pair, a lone
    # surrogate. Only the last is replaced.
    ESCAPES = /\\\\|\\u[dD][89abAB]\h\h\\u[dD][c-fC-F]\h\h|\\u[dD][89a-fA-F]\h\h/.freeze
    LONE_SURROGATE = /\A\\u[dD][89a-fA-F]\h\h\z/.freeze

    module_function

    def parse(line)
      text = well_formed(line.dup.force_encoding(Encoding::UTF_8))
      answer = JSON.parse(text, max_nesting: MAX_NESTING, create_additions: false, allow_nan: false)
      raise JSON::ParserError, "not a JSON object" unless answer.is_a?(Hash)

      answer
    rescue JSON::ParserError, EncodingError => e
      id = line.b[ID, 1]&.to_i
      raise Unreadable.new("#{e.class}: #{e.message[0, 200]}", id)
    end

    # Valid UTF-8, and U+FFFD for a lone surrogate escape (JSON allows "\ud800", which has no
    # UTF-8 form; Ruby's parser refuses it). bunker's server sends neither; this is the client's
    # own guarantee.
    def well_formed(text)
      text = text.scrub("\uFFFD") unless text.valid_encoding?
      return text unless text.match?(/\\u[dD][89a-fA-F]/)

      text.gsub(ESCAPES) { |escape| escape.match?(LONE_SURROGATE) ? "\\ufffd" : escape }
    end
  end
end
