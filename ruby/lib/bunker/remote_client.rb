# frozen_string_literal: true

require "json"
require "net/http"
require_relative "errors"

module Bunker
  # A client of the bunker service (`bunker serve --http`) in place of a local stdio server:
  # Bunker.configure(url:, token:) or BUNKER_URL / BUNKER_TOKEN. It speaks the stdio server's
  # requests (run, create, eval, setVariable, dispose) to the HTTP API and hands back answers of
  # the same shape, so that Bunker.eval, Bunker::Sandbox and MQuickJS work unchanged. Connections
  # are kept alive (one Net::HTTP per request in flight, reused); thread- and fork-safe.
  class RemoteClient
    # Seconds a call waits beyond its request's own timeout: the node's queue, the balancer.
    ANSWER_MARGIN = 20
    DEFAULT_TIMEOUT_MS = 5000

    def initialize(url:, token: nil, answer_margin: ANSWER_MARGIN)
      @uri = URI(url.to_s)
      unless @uri.is_a?(URI::HTTP) && @uri.host
        raise ArgumentError.new("url must be an http:// or https:// URL, got #{url.inspect}", code: "INVALID_ARGUMENT")
      end

      @token = token
      @margin = answer_margin
      @lock = Mutex.new
      @idle = []
      @pid = Process.pid
    end

    # One request of the stdio protocol; returns its answer (a Hash of the run --json shape).
    def call(op, fields = {}, timeout_ms: nil, functions: nil)
      raise no_functions if functions && !functions.empty?

      seconds = @margin + ((timeout_ms || DEFAULT_TIMEOUT_MS) / 1000.0)
      case op
      when "run" then outcome(send_json(:post, "/v1/run", fields, seconds))
      when "create" then created(send_json(:post, "/v1/sandboxes", fields, seconds))
      when "eval" then outcome(send_json(:post, "#{path(fields)}/eval", { "code" => fields["code"] }, seconds))
      when "setVariable"
        name = URI.encode_www_form_component(fields["name"]).gsub("+", "%20")
        empty(send_json(:put, "#{path(fields)}/variables/#{name}", fields["value"], seconds))
      when "dispose" then empty(send_json(:delete, path(fields), nil, seconds))
      else raise ArgumentError.new("unknown op #{op.inspect}", code: "INVALID_ARGUMENT")
      end
    end

    # [connection, handle] as Client#create_sandbox: the sandbox's calls come back here.
    def create_sandbox(options, function_names = [])
      raise no_functions unless function_names.empty?

      answer = call("create", { "options" => options }, timeout_ms: options["timeoutMs"])
      [self, Answers.value!(answer).fetch("handle")]
    end

    # What a Sandbox asks of its connection.
    def check_owner!; end

    # The service has no way to call back into this process.
    def no_functions
      ArgumentError.new("host functions are not offered by the bunker service (bunker serve --http); " \
                        "they need the local server", code: "INVALID_ARGUMENT")
    end

    def closed?
      false
    end

    # A garbage-collected Sandbox: its sandbox expires on the server (--sandbox-idle-ms).
    def dispose_later(_handle); end

    # Closes the kept-alive connections.
    def close
      idle = @lock.synchronize { @idle.dup.tap { @idle.clear } }
      idle.each { |http| http.finish if http.started? }
    rescue IOError
      nil
    end

    # In a forked child: the parent's sockets stay the parent's.
    def forked!
      @lock = Mutex.new
      @idle = []
      @pid = Process.pid
    end

    private

    def path(fields)
      "/v1/sandboxes/#{URI.encode_www_form_component(fields.fetch('handle'))}"
    end

    def outcome((status, body))
      return body if body.is_a?(Hash) && [true, false].include?(body["ok"])

      raise SandboxError.new("HTTP #{status}: the bunker service's answer is not an outcome", code: "PROTOCOL_ERROR")
    end

    def created((status, body))
      return { "ok" => true, "value" => { "handle" => body.fetch("id") } } if status == 201 && body.is_a?(Hash)

      outcome([status, body])
    end

    def empty((status, body))
      return { "ok" => true, "value" => nil } if status == 204

      outcome([status, body])
    end

    def send_json(method, request_path, data, seconds)
      request = { post: Net::HTTP::Post, put: Net::HTTP::Put, delete: Net::HTTP::Delete }.fetch(method).new(request_path)
      request["authorization"] = "Bearer #{@token}" if @token
      request["accept"] = "application/json"
      if method != :delete
        request["content-type"] = "application/json"
        request.body = JSON.generate(data)
      end
      with_http(seconds) { |http| parse(http.request(request)) }
    end

    def parse(response)
      status = response.code.to_i
      return [status, nil] if status == 204

      [status, JSON.parse(response.body.to_s)]
    rescue JSON::ParserError
      # A balancer's own page (502, 504): no bunker node answered.
      raise SandboxError.new("bunker at #{@uri}: HTTP #{status} without a bunker answer", code: "SANDBOX_UNAVAILABLE")
    end

    def with_http(seconds)
      http = checkout
      http.read_timeout = seconds
      begin
        result = yield http
      rescue Timeout::Error, SystemCallError, IOError, EOFError, SocketError, OpenSSL::SSL::SSLError => e
        http.finish if http.started?
        raise SandboxError.new("bunker at #{@uri}: cannot reach it or no answer (#{e.class}: #{e.message})",
                               code: "SANDBOX_UNAVAILABLE")
      end
      checkin(http)
      result
    end

    def checkout
      @lock.synchronize do
        forked! if @pid != Process.pid
        @idle.pop
      end || begin
        http = Net::HTTP.new(@uri.host, @uri.port)
        http.use_ssl = @uri.scheme == "https"
        http.open_timeout = 10
        http.keep_alive_timeout = 30
        http.start
        http
      rescue SystemCallError, SocketError, Timeout::Error => e
        raise SandboxError.new("bunker at #{@uri}: cannot reach it (#{e.class}: #{e.message})", code: "SANDBOX_UNAVAILABLE")
      end
    end

    def checkin(http)
      @lock.synchronize { @idle.push(http) if @pid == Process.pid }
    end
  end
end
