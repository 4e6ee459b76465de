#!/usr/bin/env bash
# Three-member clusters of Debian's etcd (127.0.0.20-22) and of ours (127.0.0.10-12), both running
# at once, the same benchmark client against each: put with 1 and 64 clients, linearizable range
# with 64 clients. A lone client's put is measured twice, connected to the leader and to a follower
# (which forwards it to the leader): which member a single connection reaches would otherwise
# depend on which member won the election.
#
#   scripts/bench-cluster-vs-etcd.sh [path/to/our/bin/etcd]
#
# It reports two things, since a JVM is slow until its JIT has compiled the hot paths:
#   cold  the first COLD puts (64 clients) right after the clusters start;
#   warm  after WARMUP puts and ranges on each cluster, ROUNDS rounds that alternate etcd and ours
#         test by test (so both see the same machine), the median of each.
# Environment: ETCD_CMD [/usr/bin/etcd], BENCH_CMD [distribution's bin/benchmark], TOTAL [20000]
# requests per 64-client run (a tenth for 1 client), COLD [10000], WARMUP [100000], ROUNDS [3].
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
ours=${1:-$top/distribution/target/etcdj/bin/etcd}
etcd=${ETCD_CMD:-/usr/bin/etcd}
bench=${BENCH_CMD:-$top/distribution/target/etcdj/bin/benchmark}
total=${TOTAL:-20000}
cold=${COLD:-10000}
warmup=${WARMUP:-100000}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

declare -A NET=([etcd]=127.0.0.2 [ours]=127.0.0.1)

start_cluster() { # binary label
  local bin=$1 label=$2 ic="" i
  for i in 0 1 2; do ic="$ic${ic:+,}m$i=http://${NET[$label]}$i:23380"; done
  for i in 0 1 2; do
    local ip=${NET[$label]}$i
    "$bin" --name m$i --data-dir "$work/$label-m$i" \
      --listen-client-urls http://$ip:23379 --advertise-client-urls http://$ip:23379 \
      --listen-peer-urls http://$ip:23380 --initial-advertise-peer-urls http://$ip:23380 \
      --initial-cluster "$ic" --initial-cluster-token bench-$label --initial-cluster-state new \
      >"$work/$label-m$i.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 240); do
    [ "$(grep -l 'ready to serve client requests' "$work/$label"-m*.log 2>/dev/null | wc -l)" = 3 ] && return 0
    sleep 0.5
  done
  echo "cluster $label did not start" >&2; exit 1
}

endpoints() { # label
  local n=${NET[$1]}
  echo "${n}0:23379,${n}1:23379,${n}2:23379"
}

member() { # label leader|follower: one member's client endpoint, from etcd_server_is_leader
  local n=${NET[$1]} want=1 i
  [ "$2" = follower ] && want=0
  for i in 0 1 2; do
    if [ "$(curl -s "http://${n}$i:23379/metrics" | awk '/^etcd_server_is_leader /{print $2}')" = "$want" ]; then
      echo "${n}$i:23379"
      return
    fi
  done
  echo "no $2 in cluster $1" >&2; exit 1
}

rps_at() { # endpoints benchmark-args...
  local ep=$1
  shift
  "$bench" --endpoints="$ep" "$@" 2>&1 | grep '^RESULT' | tail -1 | sed -E 's/.* rps=([0-9.]+).*/\1/'
}

rps() { # label benchmark-args...
  local label=$1
  shift
  rps_at "$(endpoints "$label")" "$@"
}

run_test() { # label test
  case "$2" in
    put1l) rps_at "$(member "$1" leader)" --clients=1 put --total=$((total / 10)) --val-size=256 ;;
    put1f) rps_at "$(member "$1" follower)" --clients=1 put --total=$((total / 10)) --val-size=256 ;;
    put64) rps "$1" --clients=64 --conns=4 put --total="$total" --val-size=256 ;;
    range64) rps "$1" --clients=64 --conns=4 range bench-range-key --total="$total" --consistency=l ;;
  esac
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a>0) printf "%.2f", b/a; else print "-" }'; }

start_cluster "$etcd" etcd
start_cluster "$ours" ours
declare -A COLDRPS ALL
for label in etcd ours; do
  COLDRPS[$label]=$(rps "$label" --clients=64 --conns=4 put --total="$cold" --val-size=256)
done
for label in etcd ours; do
  "$bench" --endpoints="$(endpoints "$label")" seed bench-range-key --val-size=256 >/dev/null 2>&1
  rps "$label" --clients=64 --conns=4 put --total="$warmup" --val-size=256 >/dev/null
  rps "$label" --clients=64 --conns=4 range bench-range-key --total=$((warmup / 5)) --consistency=l >/dev/null
done
for ((r = 1; r <= rounds; r++)); do
  for t in put1l put1f put64 range64; do
    for label in etcd ours; do
      ALL[$label,$t]="${ALL[$label,$t]:-} $(run_test "$label" "$t")"
    done
  done
done

printf '%-34s %10s %10s %7s\n' "3 members (req/s)" etcd etcdj ratio
printf '%-34s %10s %10s %7s\n' "cold: first $cold puts, 64 clients" "${COLDRPS[etcd]}" "${COLDRPS[ours]}" \
  "$(ratio "${COLDRPS[etcd]}" "${COLDRPS[ours]}")"
for row in "put1l:warm: put, 1 client, leader" "put1f:warm: put, 1 client, follower" "put64:warm: put, 64 clients" "range64:warm: range linearizable, 64"; do
  IFS=: read -r t name rest <<<"$row"
  a=$(median <<<"${ALL[etcd,$t]}")
  b=$(median <<<"${ALL[ours,$t]}")
  printf '%-34s %10s %10s %7s\n' "$name:$rest" "$a" "$b" "$(ratio "$a" "$b")"
done
echo "(warm: median of $rounds alternating rounds after $warmup puts; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for t in put1l put1f put64 range64; do
  echo "  $t etcd:${ALL[etcd,$t]} | ours:${ALL[ours,$t]}"
done
