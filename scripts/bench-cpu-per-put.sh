#!/usr/bin/env bash
# What a warm member spends per write, beside the real etcd: one member of each, started in turn,
# WARMUP puts (16 clients) so the JIT has compiled the hot paths, then ROUNDS runs of TOTAL puts.
# For each run it prints requests/s, the server's CPU time per put (/proc/<pid>/stat utime+stime)
# and its write-type system calls per put (/proc/<pid>/io syscw: WAL writes, fsyncs' companions,
# socket writes).
#
#   scripts/bench-cpu-per-put.sh [path/to/our/bin/etcd]
# Environment: ETCD_CMD [/usr/bin/etcd], BENCH_CMD [etcd-cli's BenchmarkMain], WARMUP [300000],
# TOTAL [50000], ROUNDS [3], CLIENTS [16], START_TIMEOUT [60].
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
OURS_CMD="${1:-$REPO/distribution/target/etcdj/bin/etcd}"
ETCD_CMD="${ETCD_CMD:-/usr/bin/etcd}"
WARMUP="${WARMUP:-300000}"
TOTAL="${TOTAL:-50000}"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-16}"
START_TIMEOUT="${START_TIMEOUT:-60}"

# shellcheck source=lib/single-member.sh
source "$SCRIPT_DIR/lib/single-member.sh"
bench_workdir bench-cpu-per-put

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
write_calls() { awk '/^syscw/ {print $2}' "/proc/$SERVER_PID/io"; }
puts() { # total
  # shellcheck disable=SC2086
  $BENCH_CMD --endpoints="$ENDPOINT" --clients="$CLIENTS" put --total="$1" --val-size=256 2>&1 \
    | grep '^RESULT' | tail -1 | sed -E 's/.* rps=([0-9.]+).*/\1/'
}

hz=$(getconf CLK_TCK)
printf '%-6s %5s %10s %14s %16s\n' server run "req/s" "CPU ms/put" "write calls/put"
for label in etcd ours; do
  cmd=$ETCD_CMD
  [[ $label == ours ]] && cmd=$OURS_CMD
  start_server "$label" "$cmd"
  puts "$WARMUP" >/dev/null
  for ((r = 1; r <= ROUNDS; r++)); do
    c0=$(cpu_ticks) w0=$(write_calls)
    rps=$(puts "$TOTAL")
    c1=$(cpu_ticks) w1=$(write_calls)
    awk -v l="$label" -v r="$r" -v rps="$rps" -v c="$((c1 - c0))" -v w="$((w1 - w0))" -v n="$TOTAL" -v hz="$hz" \
      'BEGIN { printf "%-6s %5d %10.0f %14.4f %16.2f\n", l, r, rps, c * 1000 / hz / n, w / n }'
  done
  stop_server
done
echo "(one member each, $WARMUP puts of warm-up, $CLIENTS clients, 256-byte values; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
