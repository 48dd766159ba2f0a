# frozen_string_literal: true

require_relative "bunker/version"
require_relative "bunker/errors"
require_relative "bunker/options"
require_relative "bunker/values"
require_relative "bunker/result"
require_relative "bunker/functions"
require_relative "bunker/answers"
require_relative "bunker/client"
require_relative "bunker/remote_client"
require_relative "bunker/sandbox"
require_relative "bunker/fork_hook"

# Runs untrusted JavaScript/TypeScript in bunker's OS sandbox, from Ruby. Every Sandbox of this
# process lives in one shared `bunker serve --stdio` process (see Bunker::Client).
module Bunker
  @client_lock = Mutex.new
  @client = nil

  class << self
    # One-shot: evaluates +code+ in a fresh sandbox process, thrown away afterwards. Same options
    # as Sandbox.new, +functions+ included. Returns a Result or raises.
    def eval(code, functions: {}, **options)
      unless code.is_a?(String)
        raise ArgumentError.new("code must be a String, got #{code.class}", code: "INVALID_ARGUMENT")
      end

      wire = Options.to_wire(options)
      table = Functions.new(functions)
      fields = { "code" => Values.utf8(code, "code"), "options" => wire }
      fields["functions"] = table.names unless table.empty?
      answer = client.call("run", fields, timeout_ms: wire["timeoutMs"], functions: table.empty? ? nil : table)
      Answers.result!(answer)
    end

    # The client shared by every sandbox of this process: the bunker service when configured
    # (Bunker.configure, or BUNKER_URL and BUNKER_TOKEN), a local `bunker serve --stdio` otherwise.
    def client
      @client_lock.synchronize do
        @client ||= ENV["BUNKER_URL"] ? RemoteClient.new(url: ENV["BUNKER_URL"], token: ENV.fetch("BUNKER_TOKEN", nil)) : Client.new
      end
    end

    # Sends every later Bunker.eval, Bunker::Sandbox and MQuickJS call to the bunker service at
    # +url+ (`bunker serve --http`); this machine then needs neither Bun nor bubblewrap.
    def configure(url:, token: nil)
      remote = RemoteClient.new(url: url, token: token)
      previous = @client_lock.synchronize { @client.tap { @client = remote } }
      previous&.close
      nil
    end

    # Stops the shared server now (it disposes every sandbox); the next call starts a new one.
    def close
      client.close
    end

    # Called in a forked child: the parent's server stays the parent's.
    def forked!
      Connection.forked!
      @client_lock = Mutex.new
      @client&.forked!
    end
  end
end
