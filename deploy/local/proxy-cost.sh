#!/usr/bin/env bash
# Where a check-in's CPU goes, direct and through nginx (issue 22, eighth session): PostgreSQL
# with three release instances; oha sends check-ins for $RUN seconds (default 15) with 16
# connections, direct to the first instance, through nginx round-robin over the three, and
# through nginx to the first instance only; 3 rounds. CPU time is read from /proc for nginx's
# workers, the instances and PostgreSQL before and after each run (oha's from `time`), and
# divided by the check-ins answered. Prints one JSON line per run.
#
#   VTV_PROFILE=release bash deploy/local/proxy-cost.sh
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export VTV_DEPLOY_DIR=${VTV_DEPLOY_DIR:-/tmp/vtv-proxy-cost} VTV_DEPLOY_DB=postgres VTV_INSTANCES=3
export VTV_WRITES_PER_MINUTE=100000000 VTV_PROFILE=${VTV_PROFILE:-release}
source "$HERE/deployment.sh"
command -v oha >/dev/null || { echo "oha is needed: cargo install oha --version 1.16.0 --locked"; exit 2; }
[ -x /usr/bin/time ] || need time time
fresh_state; deployment_tools; trap deployment_stop EXIT; deployment_start
DRILL="$ROOT/target/$VTV_PROFILE/vtv-drill"
"$DRILL" seed --database-url "$(database_url)" --receiver 127.0.0.1:9 --patients 16 --nurses 1 --reminders 0 \
  --out "$STATE/people.json" >/dev/null
id=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['patients'][0]['id'])" "$STATE/people.json")
cookie=$(signed_in_cookie "patient-0@drill.example")
checkin_body_template "$id" "$("$DRILL" diary)"
cp "$STATE/nginx/nginx.conf" "$STATE/all-upstreams.conf"
# Clock ticks of the processes whose command line matches $1.
ticks() { local t=0 p; for p in $(pgrep -f "$1" || true); do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
snap() { echo "$(ticks 'nginx: worker') $(ticks "target/$VTV_PROFILE/vein-to-vein") $(ticks 'postgres')"; }
RUN=${RUN:-15}
for round in 1 2 3; do
  for via in direct proxy proxy_one_instance; do
    url="https://127.0.0.1:$PROXY_PORT"; [ $via = direct ] && url="http://127.0.0.1:$FIRST_PORT"
    if [ $via = proxy_one_instance ]; then
      grep -v "server 127.0.0.1:$((FIRST_PORT + 1))\|server 127.0.0.1:$((FIRST_PORT + 2))" "$STATE/all-upstreams.conf" > "$STATE/nginx/nginx.conf"
    else
      cp "$STATE/all-upstreams.conf" "$STATE/nginx/nginx.conf"
    fi
    "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -s reload; sleep 2
    checkin_bodies 60000
    before=$(snap)
    /usr/bin/time -f "%U %S" -o "$STATE/oha.time" oha --no-tui --output-format json -z "${RUN}s" -c 16 --insecure \
      -m POST -T application/json -H "Cookie: $cookie" -H "Sec-Fetch-Site: same-origin" -H "Accept: application/json" \
      -Z "$STATE/bodies.jsonl" "$url/api/checkins/submit" > "$STATE/oha.json"
    after=$(snap)
    python3 - "$via" "$round" "$before" "$after" "$(cat "$STATE/oha.time")" "$STATE/oha.json" "$(getconf CLK_TCK)" <<'PY'
import json, sys
r = json.load(open(sys.argv[6]))
ok = sum(v for k, v in r.get("statusCodeDistribution", {}).items() if k.startswith("2"))
a, b = list(map(int, sys.argv[3].split())), list(map(int, sys.argv[4].split()))
user, system = map(float, sys.argv[5].split())
tick_us = 1e6 / int(sys.argv[7])
per = lambda i: round((b[i] - a[i]) * tick_us / max(ok, 1))
print(json.dumps({"via": sys.argv[1], "round": int(sys.argv[2]), "per_second": round(r["summary"]["requestsPerSec"]),
                  "us_per_checkin": {"nginx": per(0), "instances": per(1), "postgres": per(2),
                                     "oha": round((user + system) * 1e6 / max(ok, 1))}}), flush=True)
PY
  done
done
