#!/usr/bin/env bash
# Runs etcd's own end-to-end suite (../shared/etcd-e2e) against this checkout's distribution.
#
#   scripts/e2e.sh                 the tests listed in integration-tests/e2e-passing.txt; fails if
#                                  any of them fails (CI runs this: it guards what already works)
#   scripts/e2e.sh REGEX           any selection, reporting only (e.g. 'TestCtlV3Watch')
#   scripts/e2e.sh --etcdctl [REGEX]
#                                  the other way round: Debian's etcd driven by our etcdctl, guarding
#                                  integration-tests/e2e-etcdctl-passing.txt (CI runs this too)
#   scripts/e2e.sh --both [REGEX]  our etcd driven by our etcdctl, guarding
#                                  integration-tests/e2e-both-passing.txt (CI runs this too)
#
# Needs the distribution (./mvnw -DskipTests package) and ../shared/etcd-e2e beside the checkout.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
runner="$top/../shared/etcd-e2e/run"
etcd="$top/distribution/target/etcdj/bin/etcd"
list="$top/integration-tests/e2e-passing.txt"
client=()
if [ "${1:-}" = --etcdctl ]; then
  shift
  client=(--etcdctl "$top/distribution/target/etcdj/bin/etcdctl")
  [ -x "${client[1]}" ] || { echo "e2e: build the distribution first (./mvnw -DskipTests package)" >&2; exit 2; }
  etcd=$(command -v etcd || true)
  [ -n "$etcd" ] || { echo "e2e: Debian's etcd is not installed (apt-get install etcd-server)" >&2; exit 2; }
  list="$top/integration-tests/e2e-etcdctl-passing.txt"
elif [ "${1:-}" = --both ]; then
  shift
  client=(--etcdctl "$top/distribution/target/etcdj/bin/etcdctl")
  list="$top/integration-tests/e2e-both-passing.txt"
fi
[ -x "$runner" ] || [ -f "$runner" ] || { echo "e2e: $runner not found" >&2; exit 2; }
[ -x "$etcd" ] || { echo "e2e: build the distribution first (./mvnw -DskipTests package)" >&2; exit 2; }

if [ $# -gt 0 ]; then
  regex=$1
  guard=0
else
  regex="^($(grep -v '^#' "$list" | grep -v '^\s*$' | paste -sd'|'))\$"
  guard=1
fi

out=$(mktemp)
# The runner occasionally exits before running anything (a pipe closed early while it looks up
# etcd's source); try again when it printed no summary.
for attempt in 1 2 3; do
  bash "$runner" --etcd "$etcd" "${client[@]}" --run "$regex" --timeout 40m >"$out" 2>&1 || true
  grep -q '^e2e: ' "$out" && break
done
cat "$out"
grep -q '^e2e: ' "$out" || { echo "e2e: the suite did not run" >&2; exit 1; }
if [ $guard = 1 ]; then
  failed=$(grep -E '^FAIL ' "$out" | awk '{print $2}' || true)
  if [ -n "$failed" ]; then
    echo "e2e: tests that passed before now fail:" $failed >&2
    exit 1
  fi
  expected=$(grep -v '^#' "$list" | grep -cv '^\s*$')
  passed=$(grep -cE '^PASS ' "$out" || true)
  if [ "$passed" -lt "$expected" ]; then
    echo "e2e: only $passed of the $expected listed tests passed" >&2
    exit 1
  fi
fi
