#!/usr/bin/env bash
# Runs the same load benchmark against the real etcd and against another etcd-compatible server,
# one after the other in the same run, and prints requests/sec side by side.
#
# Usage:
#   OURS_CMD="/path/to/bin/etcd" scripts/bench-vs-etcd.sh
#   scripts/bench-vs-etcd.sh /path/to/bin/etcd [extra server args...]
#
# Both servers are started with the same etcd flags (fresh temp --data-dir, loopback ports):
#   --name default --data-dir D --listen-client-urls http://127.0.0.1:P --advertise-client-urls http://127.0.0.1:P
#   --listen-peer-urls http://127.0.0.1:Q --initial-advertise-peer-urls http://127.0.0.1:Q
#   --initial-cluster default=http://127.0.0.1:Q
#
# Environment (defaults in brackets):
#   OURS_CMD      server under test [/usr/bin/etcd, i.e. etcd vs etcd]; may contain arguments
#   OURS_NAME     column label [ours]
#   ETCD_CMD      reference server [/usr/bin/etcd]
#   BENCH_CMD     benchmark command [java -cp <etcd-cli classes+deps> dev.etcdj.cli.benchmark.BenchmarkMain]
#   TOTAL         requests for the 16-client runs [20000]
#   TOTAL_1       requests for the 1-client run [2000]
#   CLIENTS       concurrent clients for the multi-client runs [16]
#   CONNS         gRPC connections [1]
#   VAL_SIZE      value size in bytes [256]
#   KEY_SIZE      key size in bytes [8]
#   KEY_SPACE     key space size for puts [100000]
#   WARMUP        unmeasured warm-up requests before each run [1000]
#   START_TIMEOUT seconds to wait for a server to accept connections [60]
#   ROUNDS        alternate etcd/ours this many times (fresh servers each round) and report the best
#                 requests/sec of each; helps on a busy machine [1]
#   KEEP_LOGS=1   keep the work directory with server logs and full reports
#   SCHEME, SERVER_ARGS, CLIENT_ARGS, BENCH_NOTE  https, extra server and benchmark flags and a note for
#                 the summary line (scripts/bench-tls-vs-etcd.sh sets them)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"

if [[ $# -gt 0 ]]; then
  OURS_CMD="$*"
fi
OURS_CMD="${OURS_CMD:-/usr/bin/etcd}"
OURS_NAME="${OURS_NAME:-ours}"
ETCD_CMD="${ETCD_CMD:-/usr/bin/etcd}"
TOTAL="${TOTAL:-20000}"
TOTAL_1="${TOTAL_1:-2000}"
CLIENTS="${CLIENTS:-16}"
CONNS="${CONNS:-1}"
VAL_SIZE="${VAL_SIZE:-256}"
KEY_SIZE="${KEY_SIZE:-8}"
KEY_SPACE="${KEY_SPACE:-100000}"
WARMUP="${WARMUP:-1000}"
START_TIMEOUT="${START_TIMEOUT:-60}"
ROUNDS="${ROUNDS:-1}"

# shellcheck source=lib/single-member.sh
source "$SCRIPT_DIR/lib/single-member.sh"
bench_workdir bench-vs-etcd
SEED_ARGS="foo --val-size=$VAL_SIZE"

TESTS=("put-c$CLIENTS" "put-c1" "range-serializable" "range-linearizable")
test_args() { # test name -> benchmark args
  case "$1" in
    put-c1) echo "--conns=1 --clients=1 put --total=$TOTAL_1 --key-size=$KEY_SIZE --val-size=$VAL_SIZE --key-space-size=$KEY_SPACE" ;;
    put-c*) echo "--conns=$CONNS --clients=$CLIENTS put --total=$TOTAL --key-size=$KEY_SIZE --val-size=$VAL_SIZE --key-space-size=$KEY_SPACE" ;;
    range-serializable) echo "--conns=$CONNS --clients=$CLIENTS range foo --total=$TOTAL --consistency=s" ;;
    range-linearizable) echo "--conns=$CONNS --clients=$CLIENTS range foo --total=$TOTAL --consistency=l" ;;
  esac
}

declare -A RPS
declare -A ALL
run_all() { # label cmd
  local label="$1" cmd="$2"
  echo "== $label: $cmd" >&2
  start_server "$label" "$cmd"
  local t out line rps
  for t in "${TESTS[@]}"; do
    # shellcheck disable=SC2086,SC2046
    out="$($BENCH_CMD --endpoints="$ENDPOINT" ${CLIENT_ARGS:-} --warmup="$WARMUP" $(test_args "$t") 2>&1)" || true
    echo "$out" >"$WORK/$label-$t.txt"
    line="$(grep '^RESULT ' <<<"$out" | tail -n 1 || true)"
    rps="$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")"
    local errs
    errs="$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")"
    if [[ -z "$rps" ]]; then
      echo "  $t: benchmark failed:" >&2
      tail -n 5 <<<"$out" >&2
      rps="0"
    elif [[ "${errs:-0}" != "0" ]]; then
      echo "  $t: $errs errors, see:" >&2
      grep -A5 'Error distribution' <<<"$out" >&2 || true
    fi
    echo "  $t: $line" >&2
    local prev="${RPS["$label,$t"]:-}"
    ALL["$label,$t"]="${ALL["$label,$t"]:-}${ALL["$label,$t"]:+ }$rps"
    if [[ -z "$prev" ]] || awk -v a="$rps" -v b="$prev" 'BEGIN { exit !(a > b) }'; then
      RPS["$label,$t"]="$rps"
    fi
  done
  stop_server
}

for (( round = 1; round <= ROUNDS; round++ )); do
  if (( ROUNDS > 1 )); then echo "== round $round of $ROUNDS" >&2; fi
  run_all etcd "$ETCD_CMD"
  run_all "$OURS_NAME" "$OURS_CMD"
done

printf '\n%-22s %14s %14s %9s\n' "benchmark (req/s)" "etcd" "$OURS_NAME" "ratio"
printf '%-22s %14s %14s %9s\n' "----------------------" "--------------" "--------------" "---------"
for t in "${TESTS[@]}"; do
  a="${RPS[etcd,$t]}"
  b="${RPS[$OURS_NAME,$t]}"
  ratio="$(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "n/a" }')"
  printf '%-22s %14s %14s %9s\n' "$t" "$a" "$b" "$ratio"
done
echo "(ratio = $OURS_NAME / etcd; clients=$CLIENTS conns=$CONNS total=$TOTAL total_1=$TOTAL_1 val=$VAL_SIZE${BENCH_NOTE:+; $BENCH_NOTE})"
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"
if (( ROUNDS > 1 )); then
  echo "(best of $ROUNDS rounds; all rounds:)"
  for t in "${TESTS[@]}"; do
    printf '  %-22s etcd: %s | %s: %s\n' "$t" "${ALL[etcd,$t]}" "$OURS_NAME" "${ALL[$OURS_NAME,$t]}"
  done
fi
