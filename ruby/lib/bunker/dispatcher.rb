# frozen_string_literal: true

require_relative "answer_line"
require_relative "errors"

module Bunker
  # Hands each answer line of the server to the thread waiting for its id. There is no reader
  # thread: one of the waiting threads reads (the "leader") and passes on the answers that are not
  # its own; when it has its own it steps down and a waiting thread takes over. A lone caller
  # thus reads its own answer without a thread switch (a dedicated reader thread measured 50-80 µs
  # more per call here: two thread wake-ups).
  #
  # Every wait has a deadline: a call whose answer has not come by then fails alone with
  # SandboxError ANSWER_TIMEOUT (a late answer is dropped). A line that cannot be read fails the
  # call it names with PROTOCOL_ERROR; one that names no call is dropped.
  class Dispatcher
    # +calls+: host-function calls of the request's script waiting to be run by its thread;
    # +on_call+ runs one (nil: the request has no host functions).
    Slot = Struct.new(:id, :ready, :answer, :deadline, :seconds, :calls, :on_call)

    # +on_end+ is called (by a reader) with nil or the exception when the stream ends or breaks;
    # it must call #fail_all.
    def initialize(reader, &on_end)
      @reader = reader
      @on_end = on_end
      @lock = Mutex.new
      @slots = {}
      @next_id = 0
      @reading = false
      @failure = nil
    end

    # The slot (with a new id) the answer will land in, waited for at most +seconds+; nil once the
    # stream ended.
    def register(seconds, on_call = nil)
      @lock.synchronize do
        next nil if @failure

        id = (@next_id += 1)
        @slots[id] = Slot.new(id, ConditionVariable.new, nil, now + seconds, seconds, [], on_call)
      end
    end

    # An id no answer is awaited for (a `return` request: its answer is dropped).
    def unawaited_id
      @lock.synchronize { @next_id += 1 }
    end

    def forget(slot)
      @lock.synchronize { @slots.delete(slot.id) }
    end

    # Waits for the slot's answer, reading the stream while no other thread does, and runs the
    # host-function calls of its script as they come.
    def wait(slot)
      loop do
        call = nil
        @lock.synchronize do
          loop do
            call = slot.calls.shift
            break if call
            return settle(slot) unless slot.answer.nil?

            remaining = slot.deadline - now
            return settle(expire(slot)) if remaining <= 0
            break unless @reading

            slot.ready.wait(@lock, remaining)
          end
          @reading = true unless call
        end
        call ? slot.on_call.call(call) : lead(slot)
      end
    end

    # Every waiting call raises SandboxError with +reason+; later registrations get nil.
    def fail_all(reason)
      @lock.synchronize do
        @failure ||= reason
        @slots.each_value do |slot|
          slot.answer = SandboxError.new(@failure, code: "SANDBOX_CRASHED")
          slot.ready.signal
        end
        @slots.clear
      end
    end

    def failure
      @lock.synchronize { @failure }
    end

    private

    def now
      Process.clock_gettime(Process::CLOCK_MONOTONIC)
    end

    def lead(slot)
      while slot.answer.nil? && slot.calls.empty?
        remaining = slot.deadline - now
        break if remaining <= 0

        line = @reader.next_line(remaining)
        deliver(line) if line
      end
    rescue EOFError
      @on_end.call(nil)
    rescue IOError, SystemCallError => e
      @on_end.call(e)
    ensure
      @lock.synchronize do
        @reading = false
        # Wake every waiter: one of them takes over (a waiter that was interrupted can not).
        @slots.each_value { |waiting| waiting.ready.signal }
      end
    end

    def deliver(line)
      answer = AnswerLine.parse(line)
      return call(answer) if answer["type"] == "call"

      hand(answer["id"], answer)
    rescue AnswerLine::Unreadable => e
      error = SandboxError.new("the bunker server's answer could not be read (#{e.message})", code: "PROTOCOL_ERROR")
      hand(e.id, error)
    end

    def hand(id, answer)
      @lock.synchronize do
        slot = @slots.delete(id)
        next unless slot

        slot.answer = answer
        slot.ready.signal
      end
    end

    # A call of the script of request answer["id"]: queued for the thread that waits for it. A call
    # for a request without host functions (or one no longer waited for) is dropped: the server's
    # call then waits until the eval's own timeout ends it.
    def call(line)
      @lock.synchronize do
        slot = @slots[line["id"]]
        next unless slot&.on_call

        slot.calls << line
        slot.ready.signal
      end
    end

    # Called with the lock held.
    def expire(slot)
      @slots.delete(slot.id)
      slot.answer = SandboxError.new(
        "the bunker server did not answer within #{slot.seconds.round(1)} s (the request's timeout " \
        "plus a margin); it may be stalled. Other requests are not affected",
        code: "ANSWER_TIMEOUT"
      )
      slot
    end

    def settle(slot)
      raise slot.answer if slot.answer.is_a?(Exception)

      slot.answer
    end
  end
end
