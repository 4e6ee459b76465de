#!/usr/bin/env bash
# Where a lone client's put sent to a follower spends its time, ours beside Debian's etcd: starts a
# 3-member cluster of each (etcd 127.0.0.20-22, ours 127.0.0.10-12) one after the other, warms it
# (WARM puts at 64 clients, then two rounds of 1-client puts at a follower), captures the loopback
# with tcpdump during PUTS more 1-client puts at the follower, and prints the median time, from the
# client's request reaching the follower, at which each hop's packet is on the wire:
#   prop   the follower forwards the proposal (MsgProp) to the leader
#   app    the leader's MsgApp with the entry reaches the follower
#   ack    the follower acknowledges it (after its fsync)
#   commit the leader tells the follower the new commit index
#   reply  the follower answers the client
# Which member owns each peer connection comes from ss(8) during the capture. etcd's rafthttp sends
# a member's messages on a stream its peer dialed, ours on a stream it dialed itself; the other
# direction only carries flow control. Needs root (tcpdump).
#
#   scripts/trace-follower-put.sh [path/to/our/bin/etcd]
# Environment: ETCD_CMD [/usr/bin/etcd], BENCH_CMD [distribution's bin/benchmark], WARM [20000],
# PUTS [1000].
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
ours=${1:-$top/distribution/target/etcdj/bin/etcd}
etcd=${ETCD_CMD:-/usr/bin/etcd}
bench=${BENCH_CMD:-$top/distribution/target/etcdj/bin/benchmark}
warm=${WARM:-20000}
puts=${PUTS:-1000}
command -v tcpdump >/dev/null || { echo "needs tcpdump (apt-get install tcpdump)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root to capture packets" >&2; exit 1; }
work=$(mktemp -d)
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

trace() { # binary net label
  local bin=$1 n=$2 label=$3 ic="" i leader="" follower="" tp
  for i in 0 1 2; do ic="$ic${ic:+,}m$i=http://$n$i:23380"; done
  for i in 0 1 2; do
    "$bin" --name m$i --data-dir "$work/$label-m$i" \
      --listen-client-urls http://$n$i:23379 --advertise-client-urls http://$n$i:23379 \
      --listen-peer-urls http://$n$i:23380 --initial-advertise-peer-urls http://$n$i:23380 \
      --initial-cluster "$ic" --initial-cluster-token trace-$label --initial-cluster-state new \
      >"$work/$label-m$i.log" 2>&1 &
    pids+=($!)
    echo "$n$i $!" >>"$work/$label.pids"
  done
  for _ in $(seq 240); do
    [ "$(grep -l 'ready to serve client requests' "$work/$label"-m*.log | wc -l)" = 3 ] && break
    sleep 0.5
  done
  "$bench" --endpoints="${n}0:23379,${n}1:23379,${n}2:23379" --clients=64 --conns=4 put --total="$warm" \
    --val-size=256 >/dev/null 2>&1
  for i in 0 1 2; do
    if [ "$(curl -s "http://$n$i:23379/metrics" | awk '/^etcd_server_is_leader /{print $2}')" = 1 ]; then
      leader=$n$i
    else
      follower=$n$i
    fi
  done
  for _ in 1 2; do
    "$bench" --endpoints="$follower:23379" --clients=1 put --total=2000 --val-size=256 >/dev/null 2>&1
  done
  tcpdump -i lo -n -tt -q -s 96 "host ${n}0 or host ${n}1 or host ${n}2" >"$work/$label.dump" 2>/dev/null &
  tp=$!
  sleep 1
  ss -tnpH >"$work/$label.ss"
  "$bench" --endpoints="$follower:23379" --clients=1 put --total="$puts" --val-size=256 2>&1 | grep '^RESULT' \
    | sed "s/^/$label /"
  sleep 0.5
  kill "$tp"
  wait "$tp" 2>/dev/null || true
  for p in $(awk '{print $2}' "$work/$label.pids"); do
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  python3 - "$work" "$label" "$leader" "$follower" <<'PY'
import re, statistics, sys
work, label, leader, follower = sys.argv[1:]
pid_host = dict(reversed(l.split()) for l in open(f"{work}/{label}.pids"))
owner = {}  # "addr:port" of a connection's local end -> member address
for line in open(f"{work}/{label}.ss"):
    f = line.split()
    m = re.search(r"pid=(\d+)", line)
    if m and m.group(1) in pid_host:
        owner[f[3].replace("[::ffff:", "").replace("]", "")] = pid_host[m.group(1)]
packets = []
for line in open(f"{work}/{label}.dump"):
    m = re.match(r"(\S+) IP (\S+)\.(\d+) > (\S+)\.(\d+): tcp (\d+)", line)
    if not m or m.group(6) == "0":
        continue
    t, sa, sp, da, dp, size = m.groups()
    src = sa if sp in ("23379", "23380") else owner.get(f"{sa}:{sp}", "client")
    dst = da if dp in ("23379", "23380") else owner.get(f"{da}:{dp}", "client")
    client = dp == "23379" or sp == "23379"
    if not client and (dp == "23380") != (label == "ours"):
        continue  # flow control, not a message
    packets.append((float(t) * 1e6, src, dst, client, int(size)))
def peer(p, a, b): return not p[3] and p[1] == a and p[2] == b
starts = [i for i, p in enumerate(packets) if p[3] and p[2] == follower and p[1] == "client" and p[4] > 100]
phases = {k: [] for k in ("prop", "app", "ack", "commit", "reply")}
for k, s in enumerate(starts):
    t0, seq, at = packets[s][0], packets[s:starts[k + 1] if k + 1 < len(starts) else len(packets)], 0
    def first(pred, after):
        return next((p[0] - t0 for p in seq if p[0] - t0 >= after and pred(p)), None)
    steps = [("prop", lambda p: peer(p, follower, leader) and p[4] > 300),
             ("app", lambda p: peer(p, leader, follower) and p[4] > 300),
             ("ack", lambda p: peer(p, follower, leader) and p[4] < 150),
             ("commit", lambda p: peer(p, leader, follower) and p[4] < 150),
             ("reply", lambda p: p[3] and p[1] == follower and p[2] == "client" and p[4] > 40)]
    for name, pred in steps:
        t = first(pred, at)
        if t is None:
            break
        phases[name].append(t)
        at = t
prev = 0
for name, v in phases.items():
    if v:
        m = statistics.median(v)
        print(f"{label:5s} {name:7s} at {m:6.0f} us  (+{m - prev:5.0f})  n={len(v)}")
        prev = m
PY
}

trace "$etcd" 127.0.0.2 etcd
trace "$ours" 127.0.0.1 ours
echo "(medians over $puts puts; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
