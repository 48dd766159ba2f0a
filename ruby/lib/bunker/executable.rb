# frozen_string_literal: true

require_relative "errors"

module Bunker
  # Finds the command that starts `bunker serve --stdio`, in this order:
  # 1. BUNKER_BIN: the bunker executable (a .js file is run with node);
  # 2. the checkout this gem ships in: ruby/../bin/bunker.js, once built (dist/ exists), with node;
  # 3. `bunker` on PATH.
  module Executable
    CHECKOUT = File.expand_path("../../..", __dir__)
    INSTALL_HINT =
      "Install bunker and put `bunker` on PATH (from a checkout: npm ci && npm run build && " \
      "npm install -g .), or set BUNKER_BIN to its bin/bunker.js"

    module_function

    # The argv prefix (an Array; no shell involved). Raises Bunker::SandboxError when not found.
    def command(env = ENV, checkout: CHECKOUT)
      from_env(env["BUNKER_BIN"], env) || from_checkout(checkout, env) || from_path("bunker", env) ||
        raise(unavailable("the bunker executable was not found. #{INSTALL_HINT}"))
    end

    def from_env(bin, env)
      return nil if bin.nil? || bin.empty?
      raise unavailable("BUNKER_BIN=#{bin} does not exist. #{INSTALL_HINT}") unless File.file?(bin)

      bin.end_with?(".js") ? [node(env), bin] : [bin]
    end

    def from_checkout(checkout, env)
      bin = File.join(checkout, "bin", "bunker.js")
      return nil unless File.file?(bin) && File.file?(File.join(checkout, "dist", "cli", "main.js"))

      [node(env), bin]
    end

    def node(env)
      from_path("node", env)&.first ||
        raise(unavailable("bunker needs Node.js >= 20 (`node` is not on PATH). #{INSTALL_HINT}"))
    end

    def from_path(name, env)
      dirs = env.fetch("PATH", "").split(File::PATH_SEPARATOR)
      found = dirs.map { |dir| File.join(dir, name) }.find { |p| File.file?(p) && File.executable?(p) }
      found && [found]
    end

    def unavailable(message)
      SandboxError.new(message, code: "SANDBOX_UNAVAILABLE")
    end
  end
end
