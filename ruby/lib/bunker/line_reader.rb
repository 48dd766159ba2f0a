# frozen_string_literal: true

module Bunker
  # Reads the server's lines without ever blocking past a deadline: a server that stops writing,
  # even in the middle of a line, cannot hold a caller longer than it asked to wait.
  class LineReader
    CHUNK = 1 << 16

    def initialize(io)
      @io = io
      @buffer = String.new(encoding: Encoding::BINARY)
      @start = 0 # where the next line begins in @buffer
      @scanned = 0 # bytes after @start known to hold no newline
      @chunk = String.new(capacity: CHUNK, encoding: Encoding::BINARY)
    end

    # The next line without its newline (BINARY), or nil when +seconds+ passed first. Raises
    # EOFError when the stream ended, IOError/SystemCallError when it broke.
    def next_line(seconds)
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + seconds
      loop do
        line = take_line
        return line if line

        case (got = @io.read_nonblock(CHUNK, @chunk, exception: false))
        when :wait_readable
          remaining = deadline - Process.clock_gettime(Process::CLOCK_MONOTONIC)
          return nil if remaining <= 0

          @io.wait_readable(remaining)
        when nil then raise EOFError, "the bunker server closed its output"
        else @buffer << got
        end
      end
    end

    private

    def take_line
      newline = @buffer.index("\n", @start + @scanned)
      unless newline
        @scanned = @buffer.bytesize - @start
        return nil
      end
      line = @buffer.byteslice(@start, newline - @start)
      @start = newline + 1
      @scanned = 0
      compact
      line
    end

    # Drops the lines already taken once they are most of the buffer (a copy per half buffer, not
    # per line).
    def compact
      return if @start < CHUNK && @start * 2 < @buffer.bytesize

      @buffer = @buffer.byteslice(@start, @buffer.bytesize - @start)
      @start = 0
    end
  end
end
