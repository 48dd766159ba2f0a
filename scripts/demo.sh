#!/usr/bin/env bash
# The demo: a few scripts through the real sandbox, including ones that hit a limit or try to
# escape. Installs what it needs first (scripts/setup.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh

# example TITLE CODE [FLAGS...]
example() {
  local title=$1 code=$2
  shift 2
  printf "\n\033[1m== %s\033[0m\n\$ bunker run %s-e '%s'\n" "$title" "${*:+$* }" "$code"
  # Some examples fail on purpose: show their exit status instead of stopping.
  node bin/bunker.js run "$@" -e "$code" || printf '(exit status %s)\n' "$?"
}

example 'A value' '[1, 2, 3].map((x) => x * 2)'
example 'Console output, then the value' 'console.log("hello from the sandbox"); ({ answer: 42 })'
example 'TypeScript and top-level await' \
  'const wait = (ms: number) => new Promise<string>((r) => setTimeout(() => r("done"), ms)); const x: string = await wait(50); x' \
  --typescript
example 'JSON output (for programs)' 'console.log("hi"); ({ when: new Date(0), big: 2n ** 64n })' --json
example 'An infinite loop hits the time limit' 'for (;;) {}' --timeout-ms 300
example 'A memory bomb hits the memory limit' 'const a = []; for (;;) a.push("x".repeat(1e4))' --memory-limit 32mb
example 'An uncaught error keeps its kind' 'null.property'
example 'eval is off unless --allow-eval' 'eval("1 + 1")'
example "Not even through a web class's constructor" 'URL.constructor.constructor("return Bun")()'
example 'Web APIs: streams, compression, Web Crypto' \
  'const gz = new Blob(["bunker ".repeat(3)]).stream().pipeThrough(new CompressionStream("gzip")); const hash = await crypto.subtle.digest("SHA-256", await new Response(gz).arrayBuffer()); new Uint8Array(hash).length'
example 'No network either' 'await fetch("https://example.com")'
