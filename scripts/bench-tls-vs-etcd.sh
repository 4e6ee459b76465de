#!/usr/bin/env bash
# Runs the same load benchmark over TLS against the real etcd and against another etcd-compatible
# server, one after the other in the same run, and prints requests/sec side by side.
#
# Usage:
#   OURS_CMD="/path/to/bin/etcd" scripts/bench-tls-vs-etcd.sh
#   scripts/bench-tls-vs-etcd.sh /path/to/bin/etcd [extra server args...]
#
# The script makes a throw-away CA with openssl, a server certificate for 127.0.0.1 and a client
# certificate. Both servers get the same etcd flags (fresh temp --data-dir, loopback ports):
#   --name default --data-dir D --listen-client-urls https://127.0.0.1:P --advertise-client-urls https://127.0.0.1:P
#   --listen-peer-urls http://127.0.0.1:Q --initial-advertise-peer-urls http://127.0.0.1:Q
#   --initial-cluster default=http://127.0.0.1:Q
#   --cert-file server.crt --key-file server.key [--client-cert-auth --trusted-ca-file ca.crt]
# and the benchmark client connects with --cacert ca.crt [--cert client.crt --key client.key].
#
# Environment (defaults in brackets):
#   OURS_CMD         server under test [/usr/bin/etcd, i.e. etcd vs etcd]; may contain arguments
#   OURS_NAME        column label [ours]
#   ETCD_CMD         reference server [/usr/bin/etcd]
#   CLIENT_CERT_AUTH 1: servers require client certificates (--client-cert-auth) [1]
#   KEY_TYPE         server/client key: rsa (2048 bits) or ec (P-256) [rsa]
#   TOTAL            requests for the 16-client runs [20000]
#   TOTAL_1          requests for the 1-client run [2000]
#   CLIENTS          concurrent clients for the multi-client runs [16]
#   CONNS            gRPC connections [1]
#   VAL_SIZE         value size in bytes [256]
#   KEY_SIZE         key size in bytes [8]
#   KEY_SPACE        key space size for puts [100000]
#   WARMUP           unmeasured warm-up requests before each run [1000]
#   START_TIMEOUT    seconds to wait for a server to accept connections [60]
#   ROUNDS           alternate etcd/ours this many times (fresh servers each round) and report the best
#                    requests/sec of each; helps on a busy machine [1]
#   KEEP_LOGS=1      keep the work directory with server logs and full reports
set -euo pipefail
# The load and the table are bench-vs-etcd.sh's; this script adds the certificates and the TLS flags.

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLIENT_CERT_AUTH="${CLIENT_CERT_AUTH:-1}"
KEY_TYPE="${KEY_TYPE:-rsa}"
CERTS="$(mktemp -d /tmp/bench-tls-certs.XXXXXX)"
trap 'rm -rf "$CERTS"' EXIT

command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }
mkdir -p "$CERTS"
new_key() { # file
  if [[ "$KEY_TYPE" == "ec" ]]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  else
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
  fi
}
issue() { # name subject-CN extensions
  new_key "$CERTS/$1.key"
  openssl req -new -key "$CERTS/$1.key" -subj "/CN=$2" -out "$CERTS/$1.csr" 2>/dev/null
  printf '%b' "$3" >"$CERTS/$1.ext"
  openssl x509 -req -in "$CERTS/$1.csr" -CA "$CERTS/ca.crt" -CAkey "$CERTS/ca.key" -CAcreateserial \
    -days 2 -sha256 -extfile "$CERTS/$1.ext" -out "$CERTS/$1.crt" 2>/dev/null
}
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$CERTS/ca.key" -out "$CERTS/ca.crt" -days 2 \
  -subj "/CN=bench-tls CA" 2>/dev/null
issue server "bench-tls server" \
  "subjectAltName=IP:127.0.0.1,DNS:localhost\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
issue client "bench-tls client" "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n"
SERVER_ARGS="--cert-file $CERTS/server.crt --key-file $CERTS/server.key"
CLIENT_ARGS="--cacert=$CERTS/ca.crt"
if [[ "$CLIENT_CERT_AUTH" == "1" ]]; then
  SERVER_ARGS="$SERVER_ARGS --client-cert-auth --trusted-ca-file $CERTS/ca.crt"
  CLIENT_ARGS="$CLIENT_ARGS --cert=$CERTS/client.crt --key=$CERTS/client.key"
fi

SCHEME=https SERVER_ARGS="$SERVER_ARGS" CLIENT_ARGS="$CLIENT_ARGS" \
  BENCH_NOTE="https, $KEY_TYPE server key, client-cert-auth=$CLIENT_CERT_AUTH" \
  bash "$SCRIPT_DIR/bench-vs-etcd.sh" "$@"
