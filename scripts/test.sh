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
  # Hostile scripts run in these suites: they run in isolating namespaces (scripts/isolated.sh).
  bash scripts/isolated.sh node --import tsx --test --test-concurrency=1 "${ts_tests[@]}" || status=$?
fi

rb_tests=()
if [[ -d ruby/test ]]; then
  mapfile -t rb_tests < <(cd ruby && find test -name '*_test.rb' -type f | LC_ALL=C sort)
fi
if ((${#rb_tests[@]} > 0)); then
  # Run from the gem root, as `rake test` would: -Ilib for `require "bunker"`, -Itest for
  # `require "test_helper"`.
  # Isolated like the TypeScript suites: these run limit-breaking scripts through the sandbox too.
  rb_status=0
  (
    cd ruby
    bash ../scripts/isolated.sh \
      ruby -Ilib -Itest -e 'require "minitest/autorun"; ARGV.each { |f| require File.expand_path(f) }' \
      "${rb_tests[@]}"
  ) || rb_status=$?
  if ((status == 0)); then status=$rb_status; fi
fi

exit "$status"
