#!/usr/bin/env bash
# Where a cold member's CPU goes: starts a 3-member cluster of Debian's etcd (127.0.0.20-22) and one of
# ours (127.0.0.10-12), prints each cluster's time to 3x "ready to serve client requests", then runs
# BATCHES batches of COLD puts (64 clients) on each and prints the CPU the 3 members spent in each
# batch by thread kind (/proc/<pid>/task/*/stat utime+stime): C2 and C1 compiler threads, GC, the
# Armeria event loops, raft, apply, ... A JVM's first batches show what its JIT costs.
#
#   scripts/cold-cpu-by-thread.sh [path/to/our/bin/etcd]
# Environment: COLD [10000], BATCHES [3], OURS_OPTS (ETCDJ_JAVA_OPTS for our members only),
# BENCH_CMD [distribution's bin/benchmark]. Compiler threads that the JVM retires take their CPU
# with them, so a batch can show a negative C1 figure.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
ours=${1:-$top/distribution/target/etcdj/bin/etcd}
bench=${BENCH_CMD:-$top/distribution/target/etcdj/bin/benchmark}
cold=${COLD:-10000}
work=$(mktemp -d)
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
declare -A NET=([etcd]=127.0.0.2 [ours]=127.0.0.1) PIDS BEFORE

start_cluster() { # binary label
  local bin=$1 label=$2 ic="" i t0 opts=""
  [ "$label" = ours ] && opts=${OURS_OPTS:-}
  for i in 0 1 2; do ic="$ic${ic:+,}m$i=http://${NET[$label]}$i:23380"; done
  t0=$(date +%s.%N)
  for i in 0 1 2; do
    local ip=${NET[$label]}$i
    ETCDJ_JAVA_OPTS="$opts" "$bin" --name m$i --data-dir "$work/$label-m$i" \
      --listen-client-urls http://$ip:23379 --advertise-client-urls http://$ip:23379 \
      --listen-peer-urls http://$ip:23380 --initial-advertise-peer-urls http://$ip:23380 \
      --initial-cluster "$ic" --initial-cluster-token bench-$label --initial-cluster-state new \
      >"$work/$label-m$i.log" 2>&1 &
    pids+=($!)
    PIDS[$label]="${PIDS[$label]:-} $!"
  done
  for _ in $(seq 2400); do
    [ "$(grep -l 'ready to serve client requests' "$work/$label"-m*.log 2>/dev/null | wc -l)" = 3 ] && break
    sleep 0.05
  done
  echo "$label: 3 members ready after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}') s (load $(cut -d' ' -f1 /proc/loadavg))"
}

cpu_by_kind() { # label: "kind=ticks ..." summed over the members
  local p t n k
  for p in ${PIDS[$1]}; do
    for t in /proc/$p/task/*; do
      n=$(cat "$t/comm" 2>/dev/null) || continue
      set -- $(cut -d')' -f2 "$t/stat" 2>/dev/null) || continue
      case "$n" in
        "C2 Compiler"*) k=C2 ;; "C1 Compiler"*) k=C1 ;; "GC "*|"G1 "*) k=GC ;;
        armeria-*) k=armeria ;; raft|apply) k=$n ;; *) k=other ;;
      esac
      echo "$k $(( ${12} + ${13} ))"
    done
  done | awk '{a[$1]+=$2; t+=$2} END{for (k in a) printf "%s=%d ", k, a[k]; printf "total=%d\n", t}'
}

spent() { # before after: seconds per kind
  awk -v A="$1" -v B="$2" 'BEGIN{n=split(A,x," "); for(i=1;i<=n;i++){split(x[i],kv,"="); a[kv[1]]=kv[2]}
    n=split(B,y," "); for(i=1;i<=n;i++){split(y[i],kv,"="); printf "%s=%.2fs ", kv[1], (kv[2]-a[kv[1]])/100}}'
}

endpoints() { local n=${NET[$1]}; echo "${n}0:23379,${n}1:23379,${n}2:23379"; }

start_cluster /usr/bin/etcd etcd
start_cluster "$ours" ours
for label in etcd ours; do BEFORE[$label]=$(cpu_by_kind "$label"); done
for b in $(seq "${BATCHES:-3}"); do
  for label in etcd ours; do
    rps=$("$bench" --endpoints="$(endpoints "$label")" --clients=64 --conns=4 put --total="$cold" --val-size=256 2>&1 \
      | grep '^RESULT' | tail -1 | sed -E 's/.* rps=([0-9.]+).*/\1/')
    now=$(cpu_by_kind "$label")
    echo "batch $b $label: $rps req/s, cpu $(spent "${BEFORE[$label]}" "$now")(load $(cut -d' ' -f1 /proc/loadavg))"
    BEFORE[$label]=$now
  done
done
