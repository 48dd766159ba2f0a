# frozen_string_literal: true

require_relative "../errors"

module MQuickJS
  # mquickjs has no close: applications make a Sandbox per request and drop it. Each of bunker's
  # holds processes until Ruby's GC finalizes it (measured: 50 dropped sandboxes, 272 processes,
  # 2.3 GB). So, as Ruby runs GC when it runs out of file descriptors, a new Sandbox past
  # GC_AFTER open ones first collects the dropped ones, and past MAX_OPEN after that raises.
  module OpenSandboxes
    GC_AFTER = 16
    MAX_OPEN = 64

    @sandboxes = ObjectSpace::WeakMap.new
    @lock = Mutex.new

    class << self
      # Raises Bunker::SandboxError PROCESS_LIMIT when MAX_OPEN sandboxes are still open.
      def admit!
        return if count < GC_AFTER

        GC.start
        open = count
        return if open < MAX_OPEN

        raise Bunker::SandboxError.new(
          "#{open} MQuickJS sandboxes are open (at most #{MAX_OPEN}), each with its own processes: " \
          "close those you no longer need (Sandbox#close) or drop every reference to them",
          code: "PROCESS_LIMIT"
        )
      end

      def add(sandbox)
        @lock.synchronize { @sandboxes[sandbox] = true }
      end

      # Sandboxes not yet collected nor closed. Ruby 3.1's WeakMap drops a collected key only
      # when its finalizer runs, and until then may list whatever object took its slot (seen in
      # CI: an object without even `!`): only Sandboxes count, tested with Module#===, which
      # every object answers.
      def count
        @lock.synchronize do
          @sandboxes.keys.count { |sandbox| MQuickJS::Sandbox === sandbox && !sandbox.closed? }
        end
      end
    end
  end
end
