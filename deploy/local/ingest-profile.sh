#!/usr/bin/env bash
# Where a check-in's cost goes on PostgreSQL, against the ingest reference (issue 22): one
# release instance on a private cluster with pg_stat_statements, 16 connections, as load.sh.
# For the reference (vtv-drill ingest-reference) and then for check-ins over HTTP (oha,
# direct), prints per stored check-in: the CPU time of PostgreSQL (its backends, live and
# ended), of the client process (the drill, or the server), and of oha; then each
# statement's calls and mean execution and planning time. Not part of the test command.
#
#   bash deploy/local/ingest-profile.sh            # 15 s each
#   ROUNDS=3 bash deploy/local/ingest-profile.sh   # three rounds, the database growing
#   RUN=30 PERF=1 bash deploy/local/ingest-profile.sh   # and perf record of the server
#                                                  # (PERF_CALLS="--call-graph dwarf,16384" for call graphs)
#                                                  # (perf report -i /tmp/vtv-profile/perf.data)
set -euo pipefail
export VTV_DEPLOY_DIR=${VTV_DEPLOY_DIR:-/tmp/vtv-profile} VTV_DEPLOY_DB=postgres VTV_INSTANCES=1 \
  VTV_PROFILE=release VTV_WRITES_PER_MINUTE=100000000
source "$(dirname "${BASH_SOURCE[0]}")/deployment.sh"
RUN=${RUN:-15}
command -v oha >/dev/null || { echo "oha is needed: cargo install oha --version 1.16.0 --locked"; exit 1; }
like_cargo_leptos cargo build -q --release -p vtv-drill
DRILL=$ROOT/target/release/vtv-drill
fresh_state
deployment_tools
trap deployment_stop EXIT
# pg_stat_statements must be loaded when the cluster starts: set it, then start again.
pg_start
psql "postgres://postgres@127.0.0.1:$DRILL_PG_PORT/postgres" -qc "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
pg_stop
deployment_start
URL=$(database_url)
psql "$URL" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
  -qc "ALTER SYSTEM SET pg_stat_statements.track_planning = on" -qc "SELECT pg_reload_conf()" >/dev/null
"$DRILL" seed --database-url "$URL" --receiver 127.0.0.1:9 --patients 16 --nurses 1 --reminders 0 \
  --out "$STATE/people.json" >/dev/null
id=$(python3 -c "import json; print(json.load(open('$STATE/people.json'))['patients'][0]['id'])")
cookie=$(signed_in_cookie "patient-0@drill.example")
checkin_body_template "$id" "$("$DRILL" diary)"
checkin_bodies 300000

postmaster=$(head -1 "$PG_DIR/postmaster.pid")
# Clock ticks of PostgreSQL: its live backends, and (cutime, cstime) those it has reaped.
pg_ticks() {
  local s p; s=$(awk '{print $16 + $17}' "/proc/$postmaster/stat")
  for p in $(pgrep -P "$postmaster"); do s=$((s + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$s"
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
stored() { psql "$URL" -tAc 'SELECT COUNT(*) FROM checkin_responses'; }
statements() {
  psql "$URL" -c "SELECT calls, round(total_exec_time::numeric * 1000 / calls) AS exec_us,
    round(total_plan_time::numeric * 1000 / calls) AS plan_us, plans, rows / calls AS rows,
    left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS statement
    FROM pg_stat_statements WHERE calls > 100 ORDER BY total_exec_time + total_plan_time DESC LIMIT 15"
}
per_op() { python3 -c "import sys; n = int(sys.argv[1]); print(' '.join(f'{sys.argv[i]} {float(sys.argv[i + 1]) / n:.0f} µs;' for i in range(2, len(sys.argv), 2)))" "$@"; }
# oha's arguments but the duration (-z), which comes last.
OHA=(oha --no-tui --output-format json -c 16 -m POST -T application/json -H "Cookie: $cookie"
  -H "Sec-Fetch-Site: same-origin" -H "Accept: application/json" -Z "$STATE/bodies.jsonl"
  "http://127.0.0.1:$FIRST_PORT/api/checkins/submit" -z)
tick_us=$((1000000 / $(getconf CLK_TCK)))

say "Warming up (3 s of each), then ANALYZE"
"$DRILL" ingest-reference --database-url "$URL" --people "$STATE/people.json" --seconds 3 --concurrency 16 --patients 1 >/dev/null
"${OHA[@]}" 3s >/dev/null
psql "$URL" -qc ANALYZE

# One round: the reference, then check-ins over HTTP, on the database as the rounds before
# left it (ROUNDS > 1 shows whether a growing database slows either).
profile_round() {
  say "The reference: ${RUN} s, 16 workers, one patient"
  psql "$URL" -qc "SELECT pg_stat_statements_reset()" >/dev/null
  before=$(stored); p0=$(pg_ticks)
  /usr/bin/time -f "%U %S" -o "$STATE/drill.time" "$DRILL" ingest-reference --database-url "$URL" \
    --people "$STATE/people.json" --seconds "$RUN" --concurrency 16 --patients 1
  sleep 2   # the drill's backends end after it: let PostgreSQL reap them
  p1=$(pg_ticks); n=$(( $(stored) - before ))
  read -r du ds < "$STATE/drill.time"
  echo "stored $n; per operation, CPU of:"
  per_op "$n" PostgreSQL "$(( (p1 - p0) * tick_us ))" drill "$(python3 -c "print(($du + $ds) * 1e6)")"
  statements

  psql "$URL" -qc ANALYZE
  checkin_bodies 300000   # client ids never sent (oha picks lines at random)
  say "Check-ins over HTTP: ${RUN} s, oha, 16 connections, direct"
  psql "$URL" -qc "SELECT pg_stat_statements_reset()" >/dev/null
  server=$(cat "$STATE/instance-1.pid")
  before=$(stored); p0=$(pg_ticks); s0=$(ticks "$server")
  [ -z "${PERF:-}" ] || (perf record -F 999 ${PERF_CALLS:--g} -p "$server" -o "$STATE/perf.data" -- sleep $((RUN - 2)) 2>/dev/null &)
  /usr/bin/time -f "%U %S" -o "$STATE/oha.time" "${OHA[@]}" "${RUN}s" > "$STATE/oha.json"
  p1=$(pg_ticks); s1=$(ticks "$server"); n=$(( $(stored) - before ))
  read -r ou os < "$STATE/oha.time"
  python3 -c "import json; r = json.load(open('$STATE/oha.json')); print(round(r['summary']['requestsPerSec']), 'requests/s, answers', r.get('statusCodeDistribution'))"
  echo "stored $n; per check-in, CPU of:"
  per_op "$n" PostgreSQL "$(( (p1 - p0) * tick_us ))" server "$(( (s1 - s0) * tick_us ))" oha "$(python3 -c "print(($ou + $os) * 1e6)")"
  statements
}

for round in $(seq "${ROUNDS:-1}"); do
  say "Round $round, $(stored) check-ins stored"
  profile_round
done
