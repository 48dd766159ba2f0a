# frozen_string_literal: true

require "io/wait"
require "json"
require_relative "answer_line"
require_relative "dispatcher"
require_relative "errors"
require_relative "line_reader"
require_relative "values"

module Bunker
  # One `bunker serve --stdio` process and the JSON lines to and from it (docs/protocol.md, "The
  # stdio server"). Any number of threads may call at once: each request is written whole under a
  # lock, and the Dispatcher hands each answer to the thread waiting for its id. When the server
  # dies, every waiting call fails with SandboxError and the connection stays closed. No call
  # waits longer than its request's own timeout plus +margin+ seconds.
  class Connection
    # The server refuses longer lines (src/server/stdio.ts MAX_LINE_BYTES).
    MAX_LINE_BYTES = 32 * 1024 * 1024
    READY_TIMEOUT = 30
    # Added to a request's own timeout: starting a sandbox (the host gives a start 15 s), waiting in
    # the server's pool queue, rendering a large result.
    ANSWER_MARGIN = 20
    # Ops that run script code, bounded by the sandbox's timeoutMs.
    SCRIPT_OPS = %w[run eval setVariable].freeze

    # The request never reached the server (it had already ended): safe to send to a new one.
    class NotDelivered < SandboxError; end

    attr_reader :pid, :default_timeout_ms

    # Every connection of this process, for .forked! (weak: a dropped connection is not kept).
    @live = ObjectSpace::WeakMap.new

    # In a forked child, right after fork: let go of every connection the parent had, so that the
    # parent closing one still ends its server.
    def self.forked!
      live = @live
      @live = ObjectSpace::WeakMap.new
      live.each_key(&:abandon)
    end

    def self.register(connection)
      @live[connection] = true
    end

    def initialize(command, margin: ANSWER_MARGIN)
      @owner_pid = Process.pid
      @margin = margin
      @write_lock = Mutex.new
      @dropped = Thread::Queue.new
      spawn_server(command)
      @reader = LineReader.new(@output)
      @dispatcher = Dispatcher.new(@reader) { |error| server_ended(error) }
      await_ready
      self.class.register(self)
      # Notices a server that dies while no call is waiting; disposes garbage-collected sandboxes.
      @watcher = Thread.new { server_ended(nil) if @waiter.join }
      @janitor = Thread.new { dispose_dropped }
    end

    # Sends one request and waits for its answer (the parsed JSON line). +timeout_ms+: the
    # request's own timeoutMs (nil: the server's default) for ops that run code. Raises
    # SandboxError when the server is gone or does not answer in time, ArgumentError when the
    # request cannot be encoded.
    # +functions+: the Functions the script of this request may call (their calls are run on this
    # thread while it waits).
    def call(op, fields = {}, timeout_ms: nil, functions: nil)
      check_owner!
      seconds = @margin + (SCRIPT_OPS.include?(op) ? own_timeout_ms(timeout_ms) / 1000.0 : 0)
      on_call = functions && ->(line) { answer_call(functions, line) }
      slot = @dispatcher.register(seconds, on_call) ||
             raise(NotDelivered.new(@dispatcher.failure, code: "SANDBOX_CRASHED"))
      begin
        write(encode(slot.id, op, fields))
      rescue Error
        @dispatcher.forget(slot)
        raise
      end
      @dispatcher.wait(slot)
    end

    def closed?
      !@dispatcher.failure.nil?
    end

    # A Sandbox that was garbage-collected without #close: its handle is disposed by the janitor
    # thread. Called from a finalizer, where no Mutex may be taken: it only pushes to a queue.
    def dispose_later(handle)
      @dropped.push(handle) if Process.pid == @owner_pid
    rescue ClosedQueueError
      nil
    end

    # Ends the server: its stdin closes, it disposes every sandbox and exits.
    def close
      return if Process.pid != @owner_pid

      shut("the connection to the bunker server was closed")
      @waiter.join(5)
    end

    # In a forked child: drop the parent's pipes without touching its server.
    def abandon
      @dispatcher.fail_all("the bunker server belongs to the parent process (this one was forked)")
      [@input, @output].each { |io| io.close unless io.closed? }
    rescue IOError
      nil
    end

    # Raises SandboxError in a forked child: the connection belongs to the parent.
    def check_owner!
      return if Process.pid == @owner_pid

      raise SandboxError.new(
        "this sandbox was created by process #{@owner_pid} before it forked; create a new one here",
        code: "SANDBOX_CLOSED"
      )
    end

    private

    # A value the server will refuse anyway (it answers at once) counts as its default.
    def own_timeout_ms(timeout_ms)
      timeout_ms.is_a?(Numeric) && timeout_ms.positive? ? timeout_ms : @default_timeout_ms
    end

    def spawn_server(command)
      server_in, @input = IO.pipe
      @output, server_out = IO.pipe
      # Its own process group: a Ctrl-C meant for the Ruby program does not end the server.
      @pid = Process.spawn(*command, "serve", "--stdio", in: server_in, out: server_out, pgroup: true)
      @waiter = Process.detach(@pid)
      @input.sync = true
    rescue SystemCallError => e
      [@input, @output].each { |io| io&.close }
      raise SandboxError.new("could not start #{command.join(' ')}: #{e.message}", code: "SANDBOX_UNAVAILABLE")
    ensure
      [server_in, server_out].each { |io| io&.close }
    end

    def await_ready
      line = begin
        @reader.next_line(READY_TIMEOUT)
      rescue IOError, SystemCallError
        nil
      end
      ready = begin
        AnswerLine.parse(line) if line
      rescue AnswerLine::Unreadable
        nil
      end
      if ready.is_a?(Hash) && ready["type"] == "ready" && ready["v"] == 1 && ready["defaultTimeoutMs"].is_a?(Integer)
        @default_timeout_ms = ready["defaultTimeoutMs"]
        return
      end

      begin
        Process.kill("KILL", @pid)
      rescue Errno::ESRCH
        nil
      end
      status = describe(@waiter.join(5)&.value)
      shut("not ready")
      said = line ? "said #{line.force_encoding(Encoding::UTF_8).scrub.strip[0, 200]}" : "exited: #{status}"
      raise SandboxError.new("bunker serve did not start (#{said})", code: "SANDBOX_START_FAILED")
    end

    # Runs one host-function call and sends its `return`; a value too large for a line goes back
    # as the error the script then sees.
    def answer_call(functions, line)
      fields = functions.answer(line)
      request = begin
        encode(@dispatcher.unawaited_id, "return", fields)
      rescue ArgumentError => e
        error = { "name" => e.class.name, "message" => e.message }
        encode(@dispatcher.unawaited_id, "return", { "callId" => fields["callId"], "error" => error })
      end
      write(request)
    end

    def encode(id, op, fields)
      # The value of setVariable may nest Values::MAX_DEPTH levels inside the request object.
      line = JSON.generate({ "v" => 1, "id" => id, "op" => op }.merge(fields), max_nesting: Values::MAX_DEPTH + 1)
      if line.bytesize >= MAX_LINE_BYTES
        raise ArgumentError.new(
          "the request is #{line.bytesize} bytes encoded, more than the #{MAX_LINE_BYTES} a request may be",
          code: "INVALID_ARGUMENT"
        )
      end
      line << "\n"
    rescue JSON::GeneratorError => e
      raise ArgumentError.new("the request cannot be encoded as JSON: #{e.message}", code: "INVALID_ARGUMENT")
    end

    def write(line)
      @write_lock.synchronize { @input.write(line) }
    rescue IOError, SystemCallError => e
      shut("the bunker server is gone (#{e.class}: #{e.message})")
      raise NotDelivered.new(@dispatcher.failure, code: "SANDBOX_CRASHED")
    end

    # The server's stdout ended or broke (error), or the process exited.
    def server_ended(error)
      status = describe(@waiter.join(2)&.value)
      shut(error ? "lost the bunker server (#{error.class}: #{error.message}; #{status})" : "the bunker server exited (#{status})")
    end

    def describe(status)
      return "still running" if status.nil?

      status.signaled? ? "killed by signal #{status.termsig}" : "exit status #{status.exitstatus}"
    end

    def dispose_dropped
      while (handle = @dropped.pop)
        begin
          call("dispose", { "handle" => handle })
        rescue Error
          nil
        end
      end
    end

    # Records why the connection ended (first reason wins), fails every waiting call, and closes
    # the server's stdin (which ends it, if it still runs).
    def shut(reason)
      @dispatcher.fail_all(reason)
      @dropped.close
      @write_lock.synchronize { @input.close unless @input.closed? }
    rescue IOError
      nil
    end
  end
end
