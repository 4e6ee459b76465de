# Shared by the bench-*-vs-etcd.sh scripts that compare one member of etcd with one of ours, started
# in turn: the work directory, the benchmark command, and one server on free loopback ports.
#
# The sourcing script sets REPO and START_TIMEOUT, then calls bench_workdir NAME. start_server reads
#   SCHEME       of the client URL: http or https [http]
#   SERVER_ARGS  extra server flags (e.g. certificates) []
#   CLIENT_ARGS  extra benchmark flags (e.g. --cacert) []
#   SEED_ARGS    what the first put writes, proving the member has a leader [foo]
# and leaves the client port in CLIENT_PORT and the endpoint in ENDPOINT.

bench_workdir() { # name
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  SERVER_PID=""
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

cleanup() {
  stop_server
  if [[ "${KEEP_LOGS:-0}" == "1" ]]; then
    echo "work directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}

if [[ -z "${BENCH_CMD:-}" ]]; then
  CLASSES="$REPO/etcd-cli/target/classes"
  CPFILE="$REPO/etcd-cli/target/bench.classpath"
  if [[ ! -f "$CLASSES/dev/etcdj/cli/benchmark/BenchmarkMain.class" ]]; then
    echo "compiling etcd-cli ..." >&2
    (cd "$REPO" && ./mvnw -q -o -pl etcd-cli compile) >&2
  fi
  if [[ ! -s "$CPFILE" ]]; then
    (cd "$REPO" && ./mvnw -q -o -pl etcd-cli dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$CPFILE") >&2
  fi
  BENCH_CMD="java -XX:+UseParallelGC -cp $CLASSES:$(cat "$CPFILE") dev.etcdj.cli.benchmark.BenchmarkMain"
fi

free_port() {
  # a random port in 20000..59999 that nobody listens on
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
}

server_failed() { # label message
  echo "server '$1' $2; log:" >&2
  tail -n 30 "$WORK/$1-server.log" >&2
  exit 1
}

start_server() { # label cmd
  local label="$1" cmd="$2" scheme="${SCHEME:-http}"
  local dir="$WORK/$label-data"
  rm -rf "$dir"
  mkdir -p "$dir"
  CLIENT_PORT=$(free_port)
  ENDPOINT="$scheme://127.0.0.1:$CLIENT_PORT"
  local peer
  peer=$(free_port)
  while [[ "$peer" == "$CLIENT_PORT" ]]; do peer=$(free_port); done
  # shellcheck disable=SC2086
  $cmd --name default --data-dir "$dir" \
    --listen-client-urls "$ENDPOINT" --advertise-client-urls "$ENDPOINT" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "default=http://127.0.0.1:$peer" ${SERVER_ARGS:-} >"$WORK/$label-server.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$(( SECONDS + START_TIMEOUT ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$CLIENT_PORT") 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || server_failed "$label" "exited during start-up"
    (( SECONDS <= deadline )) || server_failed "$label" "did not open 127.0.0.1:$CLIENT_PORT within ${START_TIMEOUT}s"
    sleep 0.2
  done
  local tries=0
  # shellcheck disable=SC2086
  until $BENCH_CMD --endpoints="$ENDPOINT" ${CLIENT_ARGS:-} seed ${SEED_ARGS:-foo} >/dev/null 2>&1; do
    tries=$(( tries + 1 ))
    (( tries <= 20 )) || server_failed "$label" "does not accept a put"
    sleep 0.5
  done
}

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
