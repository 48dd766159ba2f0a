#!/usr/bin/env bash
# The one command before a commit: setup, typecheck, lint, format check, tests. Stops at the first
# failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
echo '> typecheck' >&2
npm run --silent typecheck
echo '> lint' >&2
npm run --silent lint
echo '> format:check' >&2
npm run --silent format:check
echo '> test' >&2
bash scripts/test.sh
