# frozen_string_literal: true

module Bunker
  VERSION = "0.1.0"
end
