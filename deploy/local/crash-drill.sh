#!/usr/bin/env bash
# The crash drill (issue 22). A burst of check-in submissions goes through nginx at a fixed
# rate while instances are killed with `kill -9` at random moments and started again, and
# PostgreSQL (a private cluster, never the machine's own) is killed once and restarted.
# Reminders fall due across the instances meanwhile. Then `vtv-drill verify` checks that
# every acknowledged submission is stored once and every due reminder reached the push
# receiver, a second time only when its send was in flight at a kill.
#
#   crash-drill.sh                      # the full drill: 10 000 submissions, 20 kills
#   crash-drill.sh --sqlite             # the same kill loop, one instance on SQLite
#   crash-drill.sh --kills 2 --submissions 600 --reminders 60   # the test command's short one
set -euo pipefail
KILLS=20 SUBMISSIONS=10000 RATE=200 REMINDERS=300 DB=postgres
while [ $# -gt 0 ]; do
  case $1 in
    --kills) KILLS=$2; shift 2 ;;
    --submissions) SUBMISSIONS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --reminders) REMINDERS=$2; shift 2 ;;
    --sqlite) DB=sqlite; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
export VTV_DEPLOY_DIR=/tmp/vtv-drill-$DB VTV_DEPLOY_DB=$DB
[ "$DB" = sqlite ] && export VTV_INSTANCES=1
# A fresh drill each time (the cluster's folder too).
source "$(dirname "${BASH_SOURCE[0]}")/deployment.sh"
fresh_state
deployment_tools
say "Building the drill's tools"
like_cargo_leptos cargo build -q -p vtv-drill
DRILL="$ROOT/target/debug/vtv-drill"

RECEIVER_PID="" BURST_PID=""
cleanup() {
  [ -n "$BURST_PID" ] && kill "$BURST_PID" 2>/dev/null || true
  deployment_stop
  [ -n "$RECEIVER_PID" ] && kill -INT "$RECEIVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

"$DRILL" receive --out "$STATE/received.txt" > "$STATE/receiver.out" &
RECEIVER_PID=$!
for _ in $(seq 100); do grep -q listening "$STATE/receiver.out" 2>/dev/null && break; sleep 0.1; done
RECEIVER="127.0.0.1:$(awk '/listening on/ {print $3}' "$STATE/receiver.out")"
export VTV_PUSH_TEST_RECEIVERS=$RECEIVER

say "Starting the deployment: $INSTANCES instance(s) on $DB behind nginx"
deployment_start
DURATION=$(( SUBMISSIONS / RATE )); [ "$DURATION" -lt 10 ] && DURATION=10
"$DRILL" seed --database-url "$(database_url)" --receiver "$RECEIVER" --reminders "$REMINDERS" \
  --spread-seconds "$DURATION" --out "$STATE/people.json"

say "Burst: $SUBMISSIONS submissions at $RATE/s (~$DURATION s), $KILLS kills$([ "$DB" = postgres ] && echo ", PostgreSQL killed once")"
"$DRILL" burst --base "https://127.0.0.1:$PROXY_PORT" --people "$STATE/people.json" \
  --submissions "$SUBMISSIONS" --rate "$RATE" --ca "$STATE/tls/ca.pem" --acked "$STATE/acked.jsonl" \
  --started-file "$STATE/burst.started" > "$STATE/burst.json" &
BURST_PID=$!
# The kills start with the submissions, once every patient has signed in.
while [ ! -f "$STATE/burst.started" ]; do kill -0 "$BURST_PID" 2>/dev/null || break; sleep 0.2; done

# Kills at random moments over the burst (a mean gap of 90 % of it / kills).
kills_done=0; pg_killed=0
for k in $(seq "$KILLS"); do
  gap=$(awk -v d="$DURATION" -v n="$KILLS" -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", d * 0.9 / n * (0.5 + rand()) }')
  sleep "$gap"
  i=$(( RANDOM % INSTANCES + 1 ))
  instance_kill "$i"
  echo "kill $k: instance $i (kill -9)"
  sleep 0.$(( RANDOM % 9 + 1 ))
  instance_start "$i"
  kills_done=$((kills_done + 1))
  if [ "$DB" = postgres ] && [ "$pg_killed" -eq 0 ] && [ "$k" -ge $(( (KILLS + 1) / 2 )) ]; then
    echo "kill: PostgreSQL (kill -9 of the postmaster)"
    pg_kill; sleep 1; pg_start; pg_killed=1
  fi
done
burst_ok=0; wait "$BURST_PID" || burst_ok=$?
for i in $(seq "$INSTANCES"); do instance_wait_ready "$i"; done
say "Verifying (waiting for the reminders a killed instance had claimed to come back)"
verify_ok=0
"$DRILL" verify --database-url "$(database_url)" --acked "$STATE/acked.jsonl" --received "$STATE/received.txt" \
  > "$STATE/verify.json" || verify_ok=$?
# Which instances sent (counted since each one's last start: a killed one starts again at 0).
for i in $(seq "$INSTANCES"); do
  echo "instance $i sent: $(curl -s "http://127.0.0.1:$((9100 + i))/metrics" | awk '/^vtv_push_attempts_total/ {s += $2} END {print s + 0}') push(es) since its last start"
done
echo "burst:  $(cat "$STATE/burst.json")"
echo "verify: $(cat "$STATE/verify.json")"
echo "kills: $kills_done instance(s), PostgreSQL $pg_killed; logs in $STATE"
[ "$burst_ok" -eq 0 ] && [ "$verify_ok" -eq 0 ] || { echo "THE DRILL FAILED"; exit 1; }
say "The drill passed"
