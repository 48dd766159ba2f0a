# frozen_string_literal: true

# Shared setup: the gem from lib/, the bunker server from this checkout (Bunker::Executable finds
# ruby/../bin/bunker.js once dist/ is built; scripts/setup.sh builds it). Every script these tests
# run, hostile or not, runs inside bunker's sandbox: nothing is evaluated in this Ruby process.
require "minitest/autorun"
require "bunker"

module BunkerTestHelpers
  MiB = 1024 * 1024

  # A sandbox closed after the test (also when the test fails).
  def sandbox(**options)
    @sandboxes ||= []
    (@sandboxes << Bunker::Sandbox.new(**options)).last
  end

  def teardown
    (@sandboxes || []).each(&:close)
    super
  end

  # Waits until the block is true (polling), or fails after +seconds+.
  def eventually(seconds = 5, message = "condition never became true")
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + seconds
    until yield
      flunk(message) if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
      sleep 0.02
    end
  end

  def process_alive?(pid)
    stat = File.read("/proc/#{pid}/stat")
    stat[stat.rindex(")") + 2] != "Z"
  rescue Errno::ENOENT, Errno::ESRCH
    false
  end
end

Minitest::Test.include(BunkerTestHelpers)
