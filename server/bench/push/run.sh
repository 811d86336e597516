#!/usr/bin/env bash
# The push benchmark: N reminders (10 000) to a local HTTPS receiver that answers 201, sent
# by our dispatcher, then by node's web-push and Python's pywebpush, in the same run and to
# the same receiver. Prints one JSON line per sender: messages per second, p50/p99 from
# due time to arrival, and the CPU seconds the sender and the receiver used.
#
#   bash server/bench/push/run.sh            (N=10000 CONCURRENCY=32 by default)
#   DATABASE=postgres://… bash server/bench/push/run.sh   (our sender on PostgreSQL)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$ROOT"
# The flags every build of the server has (as cargo-leptos sets them): the same artifacts
# as the other benches and the deployment scripts, and the same rendering.
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=vein-to-vein
export N=${N:-10000} CONCURRENCY=${CONCURRENCY:-32}
WORK=$(mktemp -d)
RECEIVER_PID=""
trap '[ -n "$RECEIVER_PID" ] && kill $RECEIVER_PID 2>/dev/null; rm -rf "$WORK"' EXIT

# node's web-push and web-push-testing live in end2end/; pywebpush in a venv under target/.
[ -d end2end/node_modules/web-push ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
VENV=target/bench-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pywebpush' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pywebpush==2.0.3
fi

cargo build --release --quiet -p vtv-bench --bin push_receiver
cargo bench --no-run --quiet -p vtv-bench --bench push_delivery

# A throwaway certificate authority all three senders trust ($WORK/cert.pem), and the
# receiver's certificate signed by it (rustls refuses a CA certificate used as a server's).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=Vein-to-Vein bench CA" -keyout "$WORK/ca-key.pem" -out "$WORK/cert.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
  -keyout "$WORK/key.pem" -out "$WORK/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$WORK/ext.cnf"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/cert.pem" -CAkey "$WORK/ca-key.pem" -CAcreateserial \
  -days 2 -extfile "$WORK/ext.cnf" -out "$WORK/server.pem" 2>/dev/null
target/release/push_receiver "$WORK/server.pem" "$WORK/key.pem" >"$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
for _ in $(seq 1 50); do grep -q listening "$WORK/receiver.log" && break; sleep 0.1; done
PORT=$(sed -n 's/^listening on //p' "$WORK/receiver.log")
RECEIVER="https://127.0.0.1:$PORT"

RECEIVER=$RECEIVER CERT="$WORK/cert.pem" JOBS_OUT="$WORK/jobs.json" \
  cargo bench --quiet -p vtv-bench --bench push_delivery
NODE_PATH="$ROOT/end2end/node_modules" NODE_EXTRA_CA_CERTS="$WORK/cert.pem" \
  node server/bench/push/node_sender.cjs "$WORK/jobs.json" "$RECEIVER"
REQUESTS_CA_BUNDLE="$WORK/cert.pem" "$VENV/bin/python" server/bench/push/python_sender.py "$WORK/jobs.json" "$RECEIVER"
