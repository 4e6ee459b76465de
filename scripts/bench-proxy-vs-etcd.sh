#!/usr/bin/env bash
# Compares etcdj's grpc-proxy (or gateway) with etcd's own, both in front of the same real etcd
# (one member), in the same run: the repo's benchmark tool drives puts and ranges through each
# proxy in turn and the requests/sec are printed side by side with their ratio.
#
# Usage: scripts/bench-proxy-vs-etcd.sh   (after ./mvnw -o -q -DskipTests package)
#
# Environment (defaults in brackets):
#   MODE          grpc-proxy or gateway (etcd gateway start, the TCP proxy) [grpc-proxy]
#   OURS_ETCD     our etcd launcher [distribution/target/etcdj/bin/etcd]
#   ETCD_CMD      the real etcd, used as the member and for its grpc-proxy [/usr/bin/etcd]
#   TOTAL         requests per run [20000]
#   CLIENTS       concurrent clients [16]
#   CONNS         gRPC connections from the benchmark [1]
#   VAL_SIZE      value size in bytes [256]
#   WARMUP        unmeasured warm-up requests before each run [5000]
#   ROUNDS        alternate the proxies this many times and report the best of each [1]
#   KEEP_LOGS=1   keep the work directory with logs and full reports
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
OURS_ETCD="${OURS_ETCD:-$REPO/distribution/target/etcdj/bin/etcd}"
ETCD_CMD="${ETCD_CMD:-/usr/bin/etcd}"
TOTAL="${TOTAL:-20000}"
CLIENTS="${CLIENTS:-16}"
CONNS="${CONNS:-1}"
VAL_SIZE="${VAL_SIZE:-256}"
WARMUP="${WARMUP:-5000}"
ROUNDS="${ROUNDS:-1}"
MODE="${MODE:-grpc-proxy}"
case "$MODE" in grpc-proxy|gateway) ;; *) echo "MODE must be grpc-proxy or gateway" >&2; exit 2;; esac
BENCH="$REPO/distribution/target/etcdj/bin/benchmark"

WORK="$(mktemp -d /tmp/bench-proxy.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [[ "${KEEP_LOGS:-0}" == "1" ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

await_port() { # port label
  local deadline=$(( SECONDS + 180 ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if (( SECONDS > deadline )); then echo "$2 did not open port $1" >&2; tail -n 20 "$WORK/$2.log" >&2; exit 1; fi
    sleep 0.2
  done
}

# the member: real etcd
CP=$(free_port); PP=$(free_port)
"$ETCD_CMD" --name default --data-dir "$WORK/member" \
  --listen-client-urls "http://127.0.0.1:$CP" --advertise-client-urls "http://127.0.0.1:$CP" \
  --listen-peer-urls "http://127.0.0.1:$PP" --initial-advertise-peer-urls "http://127.0.0.1:$PP" \
  --initial-cluster "default=http://127.0.0.1:$PP" >"$WORK/member.log" 2>&1 &
PIDS+=($!)
await_port "$CP" member

start_proxy() { # label etcd-binary -> sets PROXY_PORT
  PROXY_PORT=$(free_port)
  "$2" "$MODE" start --endpoints="127.0.0.1:$CP" --listen-addr="127.0.0.1:$PROXY_PORT" >"$WORK/$1.log" 2>&1 &
  PROXY_PID=$!
  PIDS+=("$PROXY_PID")
  await_port "$PROXY_PORT" "$1"
  local tries=0
  until "$BENCH" --endpoints="127.0.0.1:$PROXY_PORT" seed foo --val-size="$VAL_SIZE" >/dev/null 2>&1; do
    tries=$(( tries + 1 )); if (( tries > 40 )); then echo "$1 does not accept a put" >&2; exit 1; fi
    sleep 0.5
  done
}

TESTS=("put" "range-serializable" "range-linearizable")
test_args() {
  case "$1" in
    put) echo "--conns=$CONNS --clients=$CLIENTS put --total=$TOTAL --val-size=$VAL_SIZE --key-space-size=100000" ;;
    range-serializable) echo "--conns=$CONNS --clients=$CLIENTS range foo --total=$TOTAL --consistency=s" ;;
    range-linearizable) echo "--conns=$CONNS --clients=$CLIENTS range foo --total=$TOTAL --consistency=l" ;;
  esac
}

declare -A RPS
run_all() { # label etcd-binary
  echo "== $1 $MODE ($2)" >&2
  start_proxy "$1" "$2"
  local t out line rps
  for t in "${TESTS[@]}"; do
    # shellcheck disable=SC2046
    out="$("$BENCH" --endpoints="127.0.0.1:$PROXY_PORT" --warmup="$WARMUP" $(test_args "$t") 2>&1)" || true
    echo "$out" >"$WORK/$1-$t.txt"
    line="$(grep '^RESULT ' <<<"$out" | tail -n 1 || true)"
    rps="$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")"
    echo "  $t: ${line:-benchmark failed}" >&2
    rps="${rps:-0}"
    local prev="${RPS["$1,$t"]:-0}"
    if awk -v a="$rps" -v b="$prev" 'BEGIN { exit !(a > b) }'; then RPS["$1,$t"]="$rps"; fi
  done
  kill "$PROXY_PID" 2>/dev/null || true
  wait "$PROXY_PID" 2>/dev/null || true
}

for (( round = 1; round <= ROUNDS; round++ )); do
  run_all etcd "$ETCD_CMD"
  run_all etcdj "$OURS_ETCD"
done

printf '\n%-22s %14s %14s %9s\n' "through $MODE (req/s)" "etcd's" "etcdj's" "ratio"
for t in "${TESTS[@]}"; do
  a="${RPS[etcd,$t]:-0}"; b="${RPS[etcdj,$t]:-0}"
  printf '%-22s %14s %14s %9s\n' "$t" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "n/a" }')"
done
echo "(ratio = etcdj / etcd; both ${MODE}s in front of one real etcd member; clients=$CLIENTS total=$TOTAL val=$VAL_SIZE)"
