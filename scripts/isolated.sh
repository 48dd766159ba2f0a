#!/usr/bin/env bash
# Runs a command in its own PID, network and mount namespace with a private tmpfs for TMPDIR and
# HOME (and /tmp, unless the checkout lives under it), loopback up. Hostile scripts run inside, so
# should the sandbox under test fail to contain one, it cannot signal, reach or write anything of
# the machine's. Needs root; BUNKER_TEST_NO_UNSHARE=1 runs the command as it is (said loudly).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ "${BUNKER_TEST_NO_UNSHARE:-}" == 1 ]]; then
  echo "isolated: BUNKER_TEST_NO_UNSHARE=1: running WITHOUT namespace isolation" >&2
  exec "$@"
fi
[[ "$(id -u)" == 0 ]] || {
  echo "isolated: needs root for its namespaces (or BUNKER_TEST_NO_UNSHARE=1)" >&2
  exit 1
}
private="$(mktemp -d)"
trap 'rmdir "$private" 2>/dev/null || true' EXIT
export BUNKER_ROOT="$ROOT" BUNKER_PRIVATE="$private"
unshare --pid --net --mount --fork --mount-proc --kill-child -- bash -c '
  set -e
  ip link set lo up
  case "$BUNKER_ROOT" in /tmp | /tmp/*) ;; *) mount -t tmpfs -o mode=1777 tmpfs /tmp ;; esac
  mkdir -p "$BUNKER_PRIVATE"
  mount -t tmpfs -o mode=1777 tmpfs "$BUNKER_PRIVATE"
  export TMPDIR="$BUNKER_PRIVATE" HOME="$BUNKER_PRIVATE"
  # bash stays PID 1 (no exec, and a command after the last so bash does not exec it either):
  # killing a sandbox orphans its inner bubblewrap, and PID 1 must reap it. Node as PID 1 would
  # not, and zombies would pile up under the tests.
  "$@"
  exit $?' isolated "$@"
