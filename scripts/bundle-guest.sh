#!/usr/bin/env bash
# Bundles the compiled guest runtime (DIR/guest/main.js and what it imports) into one file,
# DIR/guest/bundle.js: a guest then starts without resolving a dozen modules (~10 ms less per
# sandbox process). The host prefers the bundle when it is there.
set -euo pipefail
dir=${1:?usage: bundle-guest.sh DIST_DIR}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/node_modules/bun/bin/bun.exe" build "$dir/guest/main.js" --target=bun --outfile "$dir/guest/bundle.js" >/dev/null
