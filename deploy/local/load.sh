#!/usr/bin/env bash
# Load (issue 22), on the release build: for SQLite (one instance) and PostgreSQL (three
# instances), each direct to an instance and through nginx:
#   - mixed load (wrk, mixed.lua: home pages, timeline reads, check-ins): throughput, p50, p99;
#   - check-in ingest at full speed (oha, 16 connections, bodies made beforehand), against the
#     reference measured in the same run (vtv-drill ingest-reference: the same statements
#     through sqlx, no HTTP);
#   - check-ins at fixed rates (oha -q, bodies with client ids of their own, made afresh for
#     each run): p99 at 300 a second, and the highest rate tried whose p99 stays under 50 ms.
# Each database's measurements are repeated in rounds (reference, direct, proxy, then again),
# so that each figure is a median and each ratio compares runs minutes apart. Writes one JSON
# line per measurement to $OUT (default /tmp/vtv-load/results.jsonl) and the tables of
# medians to stdout.
#
#   load.sh                        # 3 rounds of 20 s per measurement, about 35 minutes
#   load.sh --rounds 1 --seconds 5 # a quick look
#   VTV_LOAD_DATABASES=postgres VTV_LOAD_PG_INSTANCES=1 load.sh   # PostgreSQL under one instance
#   VTV_PROFILE=debug VTV_LOAD_RATES=300 load.sh --rounds 1 --seconds 3   # the test command's
#   VTV_LOAD_DATABASES=postgres load.sh   # one database only
set -euo pipefail
RUN=20 CONNECTIONS=16 ROUNDS=3
RATES=${VTV_LOAD_RATES:-"300 500 700 1000 1400 2000 2800"}
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) RUN=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export VTV_PROFILE=${VTV_PROFILE:-release}
OUT=${OUT:-/tmp/vtv-load/results.jsonl}
mkdir -p "$(dirname "$OUT")"; : > "$OUT"
OHA_VERSION=1.16.0
source "$HERE/../../.ci/setup.sh"
need wrk wrk
[ "$(oha --version 2>/dev/null | awk '{print $2}')" = "$OHA_VERSION" ] ||
  { say "Installing oha $OHA_VERSION from crates.io (a few minutes once)"; cargo install oha --version "$OHA_VERSION" --locked; }
# The same build as the server: the reference must not be slowed by a debug build. (The
# test command's short run, VTV_PROFILE=debug, checks that the script works, not its figures.)
if [ "$VTV_PROFILE" = release ]; then
  like_cargo_leptos cargo build -q --release -p vtv-drill
else
  like_cargo_leptos cargo build -q -p vtv-drill
fi
DRILL="$ROOT/target/$VTV_PROFILE/vtv-drill"

record() { echo "$1" >> "$OUT"; echo "$1"; }

# One database kind: start it, measure direct and through the proxy, stop it.
measure() {
  local db=$1 instances=$2
  (
    export VTV_DEPLOY_DIR=/tmp/vtv-load-$db VTV_DEPLOY_DB=$db VTV_INSTANCES=$instances VTV_WRITES_PER_MINUTE=100000000
    source "$HERE/deployment.sh"
    fresh_state
    deployment_tools
    trap deployment_stop EXIT
    deployment_start
    "$DRILL" seed --database-url "$(database_url)" --receiver 127.0.0.1:9 --patients 16 --nurses 1 --reminders 0 \
      --out "$STATE/people.json" >/dev/null
    local args=("$("$DRILL" diary)") n id
    for n in 0 1 2 3; do
      id=$(python3 -c "import json; print(json.load(open('$STATE/people.json'))['patients'][$n]['id'])")
      args+=("$id" "$(signed_in_cookie "patient-$n@drill.example")")
    done
    # The body oha sends, with a client id made afresh for each line (checkin_bodies).
    checkin_body_template "${args[1]}" "$args"
    local round
    for round in $(seq "$ROUNDS"); do
      measure_round "$db" "$instances" "$round" "${args[@]}"
    done
  )
}

# One round on a running deployment: the reference, then each way in (direct, proxy).
measure_round() {
  local db=$1 instances=$2 round=$3; shift 3
  local args=("$@") tag="\"db\":\"$db\",\"instances\":$instances,\"round\":$round"
  # The reference answers as the HTTP load does, as one patient (oha sends one cookie); for
  # comparison, also spread over the 16 patients, as no check-in burst of one person is.
  "$DRILL" ingest-reference --database-url "$(database_url)" --people "$STATE/people.json" \
    --seconds "$RUN" --concurrency "$CONNECTIONS" --patients 1 > "$STATE/reference.json"
  record "{$tag,\"kind\":\"reference\",\"result\":$(cat "$STATE/reference.json")}"
  "$DRILL" ingest-reference --database-url "$(database_url)" --people "$STATE/people.json" \
    --seconds "$RUN" --concurrency "$CONNECTIONS" > "$STATE/reference.json"
  record "{$tag,\"kind\":\"reference_spread\",\"result\":$(cat "$STATE/reference.json")}"
  # The reference wrote tens of thousands of one patient's rows within seconds: PostgreSQL's
  # statistics are brought up to date now, as autovacuum would within the minute, so that no
  # round is planned on a table it thinks nearly empty (seen: a median of 276 ms a check-in).
  [ "$DEPLOY_DB" = sqlite ] || psql "$(database_url)" -qc ANALYZE
  local via url mix rate summary
  for via in direct proxy; do
    if [ "$via" = direct ]; then url="http://127.0.0.1:$FIRST_PORT"; else url="https://127.0.0.1:$PROXY_PORT"; fi
    [ "$round" -gt 1 ] || wrk -t 4 -c "$CONNECTIONS" -d 3s -s "$HERE/mixed.lua" "$url" -- "${args[@]}" >/dev/null
    VTV_LOAD_MIX=mixed wrk -t 4 -c "$CONNECTIONS" -d "${RUN}s" --timeout 10s -s "$HERE/mixed.lua" "$url" -- "${args[@]}" \
      | tail -n 1 > "$STATE/wrk.json"
    record "{$tag,\"via\":\"$via\",\"kind\":\"mixed\",\"result\":$(cat "$STATE/wrk.json")}"
    # Ingest at full speed with oha and bodies made beforehand: wrk's Lua, making each body
    # (a client id, the JSON) on the same two cores, took a third of the throughput away.
    record "{$tag,\"via\":\"$via\",\"kind\":\"ingest\",\"result\":$(submissions "$url" "" "${args[2]}" "$CONNECTIONS")}"
    for rate in $RATES; do
      summary=$(submissions "$url" "$rate" "${args[2]}" 64)
      record "{$tag,\"via\":\"$via\",\"kind\":\"fixed_rate\",\"result\":$summary}"
      python3 -c "import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if r['p99_ms'] < 50 and r['ok'] == r['requests'] else 1)" "$summary" || break
    done
  done
}

stored_checkins() {
  local url; url=$(database_url)
  if [ "$DEPLOY_DB" = sqlite ]; then
    python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM checkin_responses').fetchone()[0])" "${url#sqlite://}"
  else
    psql "$url" -tAc 'SELECT COUNT(*) FROM checkin_responses'
  fi
}

# Check-ins with oha: at a fixed rate (-q), or as fast as the connections go (rate ""); prints
# a JSON summary (with "errors" as wrk's, for the report, and the replays among the answers).
submissions() {
  local url=$1 rate=$2 cookie=$3 connections=$4 fixed=() expected before after
  [ -n "$rate" ] && fixed=(-q "$rate" --latency-correction)
  expected=$(( ${rate:-3000} * RUN ))
  checkin_bodies "$(( expected * 10 < 400000 ? expected * 10 : 400000 ))"
  before=$(stored_checkins)
  oha --no-tui --output-format json "${fixed[@]}" -z "${RUN}s" -c "$connections" --insecure \
    -m POST -T application/json -H "Cookie: $cookie" -H "Sec-Fetch-Site: same-origin" -H "Accept: application/json" \
    -Z "$STATE/bodies.jsonl" "$url/api/checkins/submit" > "$STATE/oha.json"
  after=$(stored_checkins)
  python3 - "$STATE/oha.json" "$rate" "$(( after - before ))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
stored = int(sys.argv[3])
codes = r.get("statusCodeDistribution", {})
ok = sum(v for k, v in codes.items() if k.startswith("2"))
# Requests still in flight when the run's time is up are cut off by oha itself.
errors = {k: v for k, v in r.get("errorDistribution", {}).items() if k != "aborted due to deadline"}
total = sum(codes.values()) + sum(errors.values())
p = r["latencyPercentiles"]
print(json.dumps({"rate": int(sys.argv[2] or 0), "per_second": round(r["summary"]["requestsPerSec"], 1),
                  "p50_ms": round(p["p50"] * 1000, 2), "p99_ms": round(p["p99"] * 1000, 2),
                  "ok": ok, "requests": total, "errors": {"status": total - ok},
                  "stored": stored, "replays": ok - stored}))
PY
}

for db in ${VTV_LOAD_DATABASES:-sqlite postgres}; do
  case $db in
    sqlite) measure sqlite 1 ;;
    postgres) measure postgres "${VTV_LOAD_PG_INSTANCES:-3}" ;;
    *) echo "unknown database $db"; exit 2 ;;
  esac
done
python3 "$HERE/load_report.py" "$OUT"
