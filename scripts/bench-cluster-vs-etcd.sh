#!/usr/bin/env bash
# Three-member clusters on 127.0.0.10-12, Debian's etcd and ours one after the other, the same
# benchmark client against each: put with 1 and 64 clients, linearizable range with 64.
#
#   scripts/bench-cluster-vs-etcd.sh [path/to/our/bin/etcd]
# Environment: ETCD_CMD [/usr/bin/etcd], BENCH_CMD [distribution's bin/benchmark], TOTAL [20000],
# WARMUP [10000] requests before each measured run (the JVM's JIT needs them).
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
ours=${1:-$top/distribution/target/etcdj/bin/etcd}
etcd=${ETCD_CMD:-/usr/bin/etcd}
bench=${BENCH_CMD:-$top/distribution/target/etcdj/bin/benchmark}
total=${TOTAL:-20000}
warmup=${WARMUP:-10000}
work=$(mktemp -d)
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

start_cluster() { # binary label
  local bin=$1 label=$2 ic="" i
  for i in 0 1 2; do ic="$ic${ic:+,}m$i=http://127.0.0.1$i:23380"; done
  pids=()
  for i in 0 1 2; do
    local ip=127.0.0.1$i
    "$bin" --name m$i --data-dir "$work/$label-m$i" \
      --listen-client-urls http://$ip:23379 --advertise-client-urls http://$ip:23379 \
      --listen-peer-urls http://$ip:23380 --initial-advertise-peer-urls http://$ip:23380 \
      --initial-cluster "$ic" --initial-cluster-token bench-$label --initial-cluster-state new \
      >"$work/$label-m$i.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 120); do
    if grep -q "ready to serve client requests" "$work/$label-m0.log" "$work/$label-m1.log" "$work/$label-m2.log" 2>/dev/null \
       && [ "$(grep -l 'ready to serve client requests' "$work/$label"-m*.log | wc -l)" = 3 ]; then return 0; fi
    sleep 0.5
  done
  echo "cluster $label did not start" >&2; exit 1
}

rps() { # label args...
  local out
  shift
  out=$("$bench" --endpoints=127.0.0.10:23379,127.0.0.11:23379,127.0.0.12:23379 "$@" 2>&1 | grep '^RESULT' | tail -1)
  echo "$out" | sed -E 's/.* rps=([0-9.]+).*/\1/'
}

measure() { # label -> prints 3 numbers
  local label=$1
  "$bench" --endpoints=127.0.0.10:23379 --clients=16 put --total="$warmup" --val-size=256 >/dev/null 2>&1 || true
  "$bench" --endpoints=127.0.0.10:23379 seed bench-range-key --val-size=256 >/dev/null 2>&1 || true
  local p1 p64 rl
  p1=$(rps "$label" --clients=1 put --total=$((total / 10)) --val-size=256)
  p64=$(rps "$label" --clients=64 --conns=4 put --total="$total" --val-size=256)
  rl=$(rps "$label" --clients=64 --conns=4 range bench-range-key --total="$total" --consistency=l)
  echo "$p1 $p64 $rl"
}

start_cluster "$etcd" etcd
read -r e1 e64 erl < <(measure etcd)
kill -9 "${pids[@]}"; wait 2>/dev/null || true
start_cluster "$ours" ours
read -r o1 o64 orl < <(measure ours)

printf '%-28s %12s %12s %8s\n' "3 members (req/s)" etcd etcdj ratio
for row in "put, 1 client:$e1:$o1" "put, 64 clients:$e64:$o64" "range linearizable, 64:$erl:$orl"; do
  IFS=: read -r name a b <<<"$row"
  printf '%-28s %12s %12s %8s\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN{ if (a>0) printf "%.2f", b/a; else print "-" }')"
done
