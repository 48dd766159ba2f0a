#!/usr/bin/env bash
# Runs every test: the TypeScript suites under test/ with node's test runner, then the Ruby gem's
# minitest suites under ruby/test/. Both run even if the first fails; any failure fails the script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

status=0

# Node 20's --test does not expand globs, so the file list is built here.
ts_tests=()
if [[ -d test ]]; then
  mapfile -t ts_tests < <(find test -name '*.test.ts' -type f | LC_ALL=C sort)
fi
if ((${#ts_tests[@]} == 0)); then
  echo "test: no test/**/*.test.ts files found" >&2
  status=1
else
  # Hostile scripts run in these suites. Should the sandbox under test fail to contain one, it
  # still lands in a private PID, network and mount namespace with its own /tmp and HOME: it
  # cannot signal, reach or write anything of the machine's. Loopback is brought up inside for
  # the tests' own servers.
  run_node_tests=(node --import tsx --test --test-concurrency=1 "${ts_tests[@]}")
  if [[ "${BUNKER_TEST_NO_UNSHARE:-}" == 1 ]]; then
    echo "test: BUNKER_TEST_NO_UNSHARE=1: running WITHOUT namespace isolation" >&2
    "${run_node_tests[@]}" || status=$?
  else
    [[ "$(id -u)" == 0 ]] || {
      echo "test: the suite needs root for its isolating namespaces (or BUNKER_TEST_NO_UNSHARE=1)" >&2
      exit 1
    }
    # A private tmpfs for TMPDIR and HOME; /tmp itself is replaced too unless the checkout lives
    # under it (CI may clone there).
    private="$(mktemp -d)"
    export BUNKER_ROOT="$ROOT" BUNKER_PRIVATE="$private"
    unshare --pid --net --mount --fork --mount-proc --kill-child -- bash -c '
      set -e
      ip link set lo up
      case "$BUNKER_ROOT" in /tmp | /tmp/*) ;; *) mount -t tmpfs -o mode=1777 tmpfs /tmp ;; esac
      mkdir -p "$BUNKER_PRIVATE"
      mount -t tmpfs -o mode=1777 tmpfs "$BUNKER_PRIVATE"
      export TMPDIR="$BUNKER_PRIVATE" HOME="$BUNKER_PRIVATE"
      exec "$@"' isolated "${run_node_tests[@]}" || status=$?
    rmdir "$private" 2>/dev/null || true
  fi
fi

rb_tests=()
if [[ -d ruby/test ]]; then
  mapfile -t rb_tests < <(cd ruby && find test -name '*_test.rb' -type f | LC_ALL=C sort)
fi
if ((${#rb_tests[@]} > 0)); then
  # Run from the gem root, as `rake test` would: -Ilib for `require "bunker"`, -Itest for
  # `require "test_helper"`.
  rb_status=0
  (
    cd ruby
    ruby -Ilib -Itest -e 'require "minitest/autorun"; ARGV.each { |f| require File.expand_path(f) }' \
      "${rb_tests[@]}"
  ) || rb_status=$?
  if ((status == 0)); then status=$rb_status; fi
fi

exit "$status"
