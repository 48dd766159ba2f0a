#!/usr/bin/env bash
# Installs what bunker needs to build and test, and nothing that is already there.
# Sources: Debian apt for system tools, the npm registry (npm ci) for everything else.
# Idempotent and silent when there is nothing to do; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf 'setup: %s\n' "$*" >&2; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

# Two setups racing (parallel test runs) must not interleave npm ci or the build.
if command -v flock >/dev/null 2>&1; then
  lock="${TMPDIR:-/tmp}/bunker-setup-$(id -u)-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
  if (: >>"$lock") 2>/dev/null; then
    exec 9>>"$lock"
    flock 9
  fi
fi

# --- system packages --------------------------------------------------------------------------
# bubblewrap and socat are what sandbox-runtime drives on Linux; ripgrep is used by
# sandbox-runtime too; ruby + minitest run the gem's tests.
missing=()
if [[ "$(uname -s)" == Linux ]]; then
  command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
fi
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
# The test suite isolates itself with unshare (util-linux) and brings up loopback with ip.
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# The broker's HTTPS tests make a throw-away certificate with it.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The service's many-node tests put HAProxy in front of three nodes; the playground's test drives
# Debian's chromium (headless) through playwright-core.
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! command -v ruby >/dev/null 2>&1; then
  missing+=(ruby ruby-minitest)
elif ! ruby -e 'require "minitest"' >/dev/null 2>&1; then
  missing+=(ruby-minitest)
fi

if ((${#missing[@]} > 0)); then
  command -v apt-get >/dev/null 2>&1 ||
    die "missing system packages: ${missing[*]} (no apt-get here; install them with your package manager)"
  if [[ "$(id -u)" != 0 ]]; then
    die "missing system packages; run:
  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  log "installing ${missing[*]} (apt)"
  apt_log="$(mktemp)"
  if ! {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  } >"$apt_log" 2>&1 </dev/null; then
    cat "$apt_log" >&2
    rm -f "$apt_log"
    die "apt-get install ${missing[*]} failed"
  fi
  rm -f "$apt_log"
fi

# --- npm dependencies -------------------------------------------------------------------------
# The stamp lives inside node_modules so that deleting node_modules also forgets it.
stamp_dir="node_modules/.bunker"
npm_stamp="$stamp_dir/npm-ci.stamp"
if [[ ! -f "$npm_stamp" || package-lock.json -nt "$npm_stamp" ]]; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error </dev/null >&2
  mkdir -p "$stamp_dir"
  touch "$npm_stamp"
fi

# bun ships its binary inside the npm package; its postinstall (held back by npm 11) is not needed.
bun_bin="node_modules/bun/bin/bun.exe"
"$bun_bin" --version >/dev/null 2>&1 ||
  die "$bun_bin does not run; remove node_modules and run setup again"

# --- build ------------------------------------------------------------------------------------
# Built into a side directory and swapped in, so a concurrent test run never sees half a dist/.
build_stamp="$stamp_dir/build.stamp"
needs_build=0
if [[ ! -d dist || ! -f "$build_stamp" ]]; then
  needs_build=1
elif [[ -n "$(find src tsconfig.json -newer "$build_stamp" -print -quit 2>/dev/null)" ]]; then
  needs_build=1
fi

if ((needs_build)); then
  if [[ -z "$(find src -name '*.ts' -print -quit 2>/dev/null)" ]]; then
    log "no TypeScript sources under src/ yet; skipping build"
  else
    log "building dist/ (tsc)"
    staging="dist.building"
    rm -rf "$staging"
    trap 'rm -rf "$ROOT/dist.building"' EXIT
    # Stamp the start time: a source edited while tsc runs triggers the next build.
    touch "$build_stamp.new"
    node_modules/.bin/tsc -p tsconfig.json --outDir "$staging" >&2 || die "build failed (tsc)"
    bash scripts/bundle-guest.sh "$staging" || die "build failed (bundling the guest)"
    rm -rf dist.old
    if [[ -d dist ]]; then mv dist dist.old; fi
    mv "$staging" dist
    rm -rf dist.old
    mv "$build_stamp.new" "$build_stamp"
    trap - EXIT
  fi
fi
