#!/usr/bin/env bash
# Runs the watch and lease benchmarks against the real etcd and against another etcd-compatible server,
# one after the other in the same run, and prints both figures and the ratio side by side:
#   watch         1,000 watchers (--streams x --watch-per-stream) on one key, puts as fast as CLIENTS
#                 putters go: events/s delivered, latency from put sent to event received (p50/p99)
#   watch-latency 1,000 watchers, one watch stream each, one put at a time at PUT_RATE: events/s and
#                 latency from the put's acknowledgement to the event at every watcher (p50/p99)
#   lease-keepalive  keepalive requests/s, CLIENTS clients with one keepalive stream each
#   lease-keepalive-once  the same with a new stream per request (etcd's tool uses KeepAliveOnce)
#
# Usage:
#   OURS_CMD="/path/to/bin/etcd" scripts/bench-watch-vs-etcd.sh
#   scripts/bench-watch-vs-etcd.sh /path/to/bin/etcd [extra server args...]
#
# Environment (defaults in brackets):
#   OURS_CMD        server under test [/usr/bin/etcd]; may contain arguments (ETCDJ_JAVA_OPTS reaches etcdj)
#   OURS_NAME       column label [ours]
#   ETCD_CMD        reference server [/usr/bin/etcd]
#   BENCH_CMD       benchmark command [java -cp <etcd-cli classes+deps> dev.etcdj.cli.benchmark.BenchmarkMain]
#   WATCHERS        watchers for both watch benchmarks [1000]
#   WATCH_STREAMS   watch streams of the watch benchmark (watchers are spread evenly) [10]
#   WATCH_CONNS     gRPC connections carrying the watch streams [10]
#   WATCH_PUTS      puts of the watch benchmark [300]
#   WL_TOTAL        puts of the watch-latency benchmark [200]
#   PUT_RATE        puts/s of the watch-latency benchmark [50]
#   LEASE_TOTAL     keepalive requests [20000]
#   LEASE_ONCE_TOTAL keepalive requests with a stream per request [5000]
#   CLIENTS         putters (watch) and lease clients [16]
#   WARMUP          unmeasured puts before each watch run; 10x that for the lease runs [30]
#   START_TIMEOUT   seconds to wait for a server to accept connections [60]
#   ROUNDS          alternate etcd/ours this many times (fresh servers each round) and report the best
#                   of each (highest rate, lowest latency) [1]
#   BENCH_TESTS     the benchmarks to run, space-separated [watch watch-latency lease-keepalive lease-keepalive-once]
#   KEEP_LOGS=1     keep the work directory with server logs and full reports
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"

if [[ $# -gt 0 ]]; then
  OURS_CMD="$*"
fi
OURS_CMD="${OURS_CMD:-/usr/bin/etcd}"
OURS_NAME="${OURS_NAME:-ours}"
ETCD_CMD="${ETCD_CMD:-/usr/bin/etcd}"
WATCHERS="${WATCHERS:-1000}"
WATCH_STREAMS="${WATCH_STREAMS:-10}"
WATCH_CONNS="${WATCH_CONNS:-10}"
WATCH_PUTS="${WATCH_PUTS:-300}"
WL_TOTAL="${WL_TOTAL:-200}"
PUT_RATE="${PUT_RATE:-50}"
LEASE_TOTAL="${LEASE_TOTAL:-20000}"
LEASE_ONCE_TOTAL="${LEASE_ONCE_TOTAL:-5000}"
CLIENTS="${CLIENTS:-16}"
WARMUP="${WARMUP:-30}"
START_TIMEOUT="${START_TIMEOUT:-60}"
ROUNDS="${ROUNDS:-1}"

# shellcheck source=lib/single-member.sh
source "$SCRIPT_DIR/lib/single-member.sh"
bench_workdir bench-watch-vs-etcd


read -r -a TESTS <<<"${BENCH_TESTS:-watch watch-latency lease-keepalive lease-keepalive-once}"
test_args() { # test name -> benchmark args
  case "$1" in
    watch) echo "--conns=$WATCH_CONNS --clients=$CLIENTS --warmup=$WARMUP watch --streams=$WATCH_STREAMS" \
      "--watch-per-stream=$(( WATCHERS / WATCH_STREAMS ))" "--watched-key-total=1 --put-total=$WATCH_PUTS" ;;
    watch-latency) echo "--conns=$WATCH_CONNS --clients=$WATCHERS --warmup=$WARMUP watch-latency" \
      "--total=$WL_TOTAL --put-rate=$PUT_RATE" ;;
    lease-keepalive) echo "--conns=1 --clients=$CLIENTS --warmup=$(( WARMUP * 10 )) lease-keepalive --total=$LEASE_TOTAL" ;;
    lease-keepalive-once) echo "--conns=1 --clients=$CLIENTS --warmup=$(( WARMUP * 10 )) lease-keepalive" \
      "--total=$LEASE_ONCE_TOTAL --once" ;;
  esac
}

# metric rows: "test:field:label:better" (better = hi | lo)
METRICS=(
  "watch:rps:watch events/s:hi"
  "watch:p50_ms:watch p50 ms:lo"
  "watch:p99_ms:watch p99 ms:lo"
  "watch-latency:rps:watch-latency events/s:hi"
  "watch-latency:p50_ms:watch-latency p50 ms:lo"
  "watch-latency:p90_ms:watch-latency p90 ms:lo"
  "watch-latency:p99_ms:watch-latency p99 ms:lo"
  "lease-keepalive:rps:keepalive req/s:hi"
  "lease-keepalive:p99_ms:keepalive p99 ms:lo"
  "lease-keepalive-once:rps:keepalive-once req/s:hi"
)

declare -A BEST
declare -A ALL
record() { # label test field value better
  local key="$1,$2,$3" v="$4" better="$5"
  local prev="${BEST[$key]:-}"
  ALL[$key]="${ALL[$key]:-}${ALL[$key]:+ }$v"
  if [[ -z "$prev" ]] || awk -v a="$v" -v b="$prev" -v h="$better" \
      'BEGIN { exit !((h == "hi" && a > b) || (h == "lo" && a < b)) }'; then
    BEST[$key]="$v"
  fi
}

run_all() { # label cmd
  local label="$1" cmd="$2"
  echo "== $label: $cmd" >&2
  start_server "$label" "$cmd"
  local t out line
  for t in "${TESTS[@]}"; do
    # shellcheck disable=SC2086,SC2046
    out="$($BENCH_CMD --endpoints="$ENDPOINT" $(test_args "$t") 2>&1)" || true
    echo "$out" >"$WORK/$label-$t.txt"
    line="$(grep '^RESULT ' <<<"$out" | tail -n 1 || true)"
    if [[ -z "$line" ]]; then
      echo "  $t: benchmark failed:" >&2
      tail -n 5 <<<"$out" >&2
    else
      local errs
      errs="$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$line")"
      if [[ "${errs:-0}" != "0" ]]; then
        echo "  $t: $errs errors, see:" >&2
        grep -A5 'Error distribution' <<<"$out" >&2 || true
      fi
    fi
    echo "  $t: $line" >&2
    local m
    for m in "${METRICS[@]}"; do
      IFS=: read -r mt field _ better <<<"$m"
      [[ "$mt" == "$t" ]] || continue
      local v
      v="$(sed -n "s/.* $field=\([0-9.]*\).*/\1/p" <<<"$line")"
      record "$label" "$t" "$field" "${v:-0}" "$better"
    done
  done
  stop_server
}

for (( round = 1; round <= ROUNDS; round++ )); do
  if (( ROUNDS > 1 )); then echo "== round $round of $ROUNDS" >&2; fi
  run_all etcd "$ETCD_CMD"
  run_all "$OURS_NAME" "$OURS_CMD"
done

printf '\n%-26s %12s %12s %7s\n' "benchmark" "etcd" "$OURS_NAME" "ratio"
printf '%-26s %12s %12s %7s\n' "--------------------------" "------------" "------------" "-------"
for m in "${METRICS[@]}"; do
  IFS=: read -r t field label _ <<<"$m"
  a="${BEST[etcd,$t,$field]:-}"
  b="${BEST[$OURS_NAME,$t,$field]:-}"
  [[ -n "$a" && -n "$b" ]] || continue # not in BENCH_TESTS
  ratio="$(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "n/a" }')"
  printf '%-26s %12s %12s %7s\n' "$label" "$a" "$b" "$ratio"
done
echo "(ratio = $OURS_NAME / etcd: higher is better for /s rows, lower for ms rows; watchers=$WATCHERS" \
  "streams=$WATCH_STREAMS conns=$WATCH_CONNS watch_puts=$WATCH_PUTS wl_total=$WL_TOTAL put_rate=$PUT_RATE" \
  "lease_total=$LEASE_TOTAL clients=$CLIENTS; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
if (( ROUNDS > 1 )); then
  echo "(best of $ROUNDS rounds; all rounds:)"
  for m in "${METRICS[@]}"; do
    IFS=: read -r t field label _ <<<"$m"
    [[ -n "${ALL[etcd,$t,$field]:-}" ]] || continue
    printf '  %-26s etcd: %s | %s: %s\n' "$label" "${ALL[etcd,$t,$field]}" "$OURS_NAME" "${ALL[$OURS_NAME,$t,$field]}"
  done
fi
