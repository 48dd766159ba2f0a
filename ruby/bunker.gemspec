# frozen_string_literal: true

require_relative "lib/bunker/version"

Gem::Specification.new do |spec|
  spec.name = "bunker"
  spec.version = Bunker::VERSION
  spec.summary = "Run untrusted JavaScript/TypeScript in an OS sandbox; a drop-in for mquickjs-ruby"
  spec.description = <<~TEXT
    Ruby client for bunker: every Sandbox is a Bun process inside bubblewrap, driven through one
    shared `bunker serve --stdio` process. Pure Ruby, standard library only. `require "bunker/mquickjs"`
    provides mquickjs-ruby's MQuickJS API on top of it.
  TEXT
  spec.authors = ["bunker maintainers"]
  spec.required_ruby_version = ">= 3.1"

  spec.files = %w[
    README.md
    bunker.gemspec
    lib/bunker.rb
    lib/bunker/answer_line.rb
    lib/bunker/answers.rb
    lib/bunker/client.rb
    lib/bunker/connection.rb
    lib/bunker/dispatcher.rb
    lib/bunker/errors.rb
    lib/bunker/executable.rb
    lib/bunker/fork_hook.rb
    lib/bunker/functions.rb
    lib/bunker/http_options.rb
    lib/bunker/http_request.rb
    lib/bunker/line_reader.rb
    lib/bunker/mquickjs.rb
    lib/bunker/mquickjs/http_options.rb
    lib/bunker/mquickjs/open_sandboxes.rb
    lib/bunker/options.rb
    lib/bunker/remote_client.rb
    lib/bunker/result.rb
    lib/bunker/sandbox.rb
    lib/bunker/values.rb
    lib/bunker/version.rb
  ]
  spec.require_paths = ["lib"]
  spec.metadata["rubygems_mfa_required"] = "true"
end
