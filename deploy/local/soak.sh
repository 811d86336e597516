#!/usr/bin/env bash
# The soak (issue 22): mixed load (home pages, timeline reads, check-ins; mixed.lua) through
# nginx onto three instances on PostgreSQL, for 10 minutes. Passes with no error answer,
# each instance's resident memory flat within 10 %, and no growth in its open file
# descriptors, its sockets, or the database's connections. Samples every few seconds into
# $STATE/samples.csv.
#
#   soak.sh                     # 10 minutes
#   soak.sh --seconds 20        # the test command's short one
#   soak.sh --sqlite            # one instance on SQLite
set -euo pipefail
DURATION=600 DB=postgres CONNECTIONS=16
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --sqlite) DB=sqlite; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
export VTV_DEPLOY_DIR=/tmp/vtv-soak-$DB VTV_DEPLOY_DB=$DB
[ "$DB" = sqlite ] && export VTV_INSTANCES=1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/deployment.sh"
fresh_state
deployment_tools
need wrk wrk
like_cargo_leptos cargo build -q -p vtv-drill
DRILL="$ROOT/target/debug/vtv-drill"
SAMPLER=""
trap 'deployment_stop; [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true' EXIT

say "Soak: $DURATION s of mixed load through nginx, $INSTANCES instance(s) on $DB, $CONNECTIONS connections"
# Reads and writes by any number of people: the write-rate limit is not what is measured.
export VTV_WRITES_PER_MINUTE=1000000
deployment_start
"$DRILL" seed --database-url "$(database_url)" --receiver 127.0.0.1:9 --patients 4 --nurses 1 --reminders 0 \
  --out "$STATE/people.json" >/dev/null
ARGS=("$("$DRILL" diary)")
for n in 0 1 2 3; do
  id=$(python3 -c "import json,sys; print(json.load(open('$STATE/people.json'))['patients'][$n]['id'])")
  ARGS+=("$id" "$(signed_in_cookie "patient-$n@drill.example")")
done
URL="https://127.0.0.1:$PROXY_PORT"
wrk -t 4 -c "$CONNECTIONS" -d 5s -s "$HERE/mixed.lua" "$URL" -- "${ARGS[@]}" > "$STATE/warm-up.txt"

sample() {
  local every=$(( DURATION / 40 )); [ "$every" -lt 1 ] && every=1
  echo "t,instance,rss_kb,fds,sockets,db_connections" > "$STATE/samples.csv"
  local t=0
  while true; do
    local dbc=0
    [ "$DB" = postgres ] && dbc=$(psql "postgres://postgres@127.0.0.1:$DRILL_PG_PORT/postgres" -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = 'vtv'" 2>/dev/null || echo 0)
    for i in $(seq "$INSTANCES"); do
      local pid; pid=$(cat "$STATE/instance-$i.pid")
      local rss; rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      local fds; fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
      local socks; socks=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c socket || true)
      echo "$t,$i,$rss,$fds,$socks,$dbc" >> "$STATE/samples.csv"
    done
    sleep "$every"; t=$((t + every))
  done
}
sample & SAMPLER=$!
wrk -t 4 -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s -s "$HERE/mixed.lua" "$URL" -- "${ARGS[@]}" > "$STATE/wrk.txt"
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
tail -n 1 "$STATE/wrk.txt" > "$STATE/wrk.json"
python3 - "$STATE/wrk.json" "$STATE/samples.csv" "$DURATION" "$CONNECTIONS" <<'PY'
import csv, json, statistics, sys
load = json.load(open(sys.argv[1]))
# A leak grows for as long as the load runs; the proxy's pool of keep-alive connections to an
# instance moves by up to the load's connections while it settles, and in a short run (the
# test command's 20 s) that is all a third can see (seen 2026-12-05: +5 sockets, twice in four).
slack = 2 if int(sys.argv[3]) >= 60 else int(sys.argv[4])
rows = list(csv.DictReader(open(sys.argv[2])))
report, failures = {"load": load, "instances": {}}, []
errors = sum(load["errors"].values())
if errors:
    failures.append(f"{errors} errors")
def thirds(values):
    n = max(1, len(values) // 3)
    return values[:n], values[-n:]
for i in sorted({r["instance"] for r in rows}):
    mine = [r for r in rows if r["instance"] == i]
    out = {}
    for key in ["rss_kb", "fds", "sockets", "db_connections"]:
        first, last = thirds([int(r[key]) for r in mine])
        out[key] = {"first_third_median": statistics.median(first), "last_third_median": statistics.median(last),
                    "first_third_max": max(first), "last_third_max": max(last)}
    rss = out["rss_kb"]
    if rss["last_third_median"] > 1.10 * rss["first_third_median"]:
        failures.append(f"instance {i}: memory grew from {rss['first_third_median']} to {rss['last_third_median']} kB")
    for key in ["fds", "sockets", "db_connections"]:
        if out[key]["last_third_max"] > out[key]["first_third_max"] + slack:
            failures.append(f"instance {i}: {key} grew from at most {out[key]['first_third_max']} to {out[key]['last_third_max']}")
    report["instances"][i] = out
report["failures"] = failures
print(json.dumps(report))
sys.exit(1 if failures else 0)
PY
say "The soak passed"
