# frozen_string_literal: true

module Bunker
  # Ruby >= 3.1 calls Process._fork for every fork (Kernel#fork, Process.fork, IO.popen("-")):
  # the child lets go of the parent's server at once, so that the parent closing its pipe still
  # ends that server even while children live on.
  module ForkHook
    def _fork
      pid = super
      Bunker.forked! if pid.zero?
      pid
    end
  end
end

Process.singleton_class.prepend(Bunker::ForkHook) if Process.respond_to?(:_fork)
