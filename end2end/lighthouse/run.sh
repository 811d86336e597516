#!/usr/bin/env bash
# Lighthouse (12.8.2, mobile emulation and simulated throttling, Debian's Chromium) on a
# release build: the sign-in page, the patient's home with the timeline and the symptom
# diary, each on a cold cache. Outside the test command (a release build takes minutes).
#   bash end2end/lighthouse/run.sh            # builds, measures, prints a table
#   SKIP_BUILD=1 bash end2end/lighthouse/run.sh
# Reports go to end2end/lighthouse/reports/ (not committed); the figures to BENCHMARKS.md by hand.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$ROOT/.ci/setup.sh"
need chromium chromium
cd "$ROOT"

if [ -z "${SKIP_BUILD:-}" ]; then
  say "Release build (--split --precompress)"
  bash "$ROOT/checkin-engine/build.sh"
  cargo leptos build --release --split --precompress
fi
if [ ! -x "$HERE/node_modules/.bin/lighthouse" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  say "Installing Lighthouse 12.8.2"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

WORK=$(mktemp -d)
LOG="$WORK/server.log"
DATABASE_URL="sqlite://$WORK/lh.db" VTV_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:0 LEPTOS_SITE_ROOT=target/site \
  target/release/vein-to-vein >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
source "$ROOT/.ci/server_address.sh"
server_address $SERVER "$LOG"
# Lighthouse wants a host name: http://localhost, not the address.
BASE_URL=${BASE_URL/127.0.0.1/localhost}

# The patient's session, as a cookie Lighthouse sends with every request.
JAR="$WORK/cookies"
curl -s -o /dev/null -c "$JAR" -H 'Sec-Fetch-Site: same-origin' -H "Origin: $BASE_URL" \
  --data-urlencode 'email=patient.infused@demo.example' --data-urlencode 'password=demo-password' \
  "$BASE_URL/auth/login"
SESSION=$(awk '$6 == "vtv_session" { print $7 }' "$JAR")
[ -n "$SESSION" ] || { echo "Signing in failed"; exit 1; }
DIARY=$(curl -s -b "vtv_session=$SESSION" "$BASE_URL/" | grep -o '/checkins/symptom-diary?patient=[0-9]*' | head -1)
[ -n "$DIARY" ] || { echo "The patient's home links no diary"; exit 1; }

mkdir -p "$HERE/reports"
measure() {
  local name=$1 path=$2 headers=$3
  CHROME_PATH=/usr/bin/chromium "$HERE/node_modules/.bin/lighthouse" "$BASE_URL$path" \
    --quiet --output=json --output-path="$HERE/reports/$name.json" \
    --chrome-flags='--headless=new --no-sandbox --disable-gpu' \
    --only-categories=performance,accessibility,best-practices \
    --extra-headers="$headers" >/dev/null
}
measure login /login '{}'
measure home / "{\"Cookie\": \"vtv_session=$SESSION\"}"
measure diary "$DIARY" "{\"Cookie\": \"vtv_session=$SESSION\"}"

node - "$HERE/reports" <<'EOF'
const fs = require('node:fs');
const dir = process.argv[2];
console.log('| page | performance | accessibility | best practices | LCP | TBT | transfer (KB) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const name of ['login', 'home', 'diary']) {
  const r = JSON.parse(fs.readFileSync(`${dir}/${name}.json`, 'utf8'));
  const score = (c) => Math.round(r.categories[c].score * 100);
  const a = r.audits;
  console.log(`| ${name} | ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ` +
    `${(a['largest-contentful-paint'].numericValue / 1000).toFixed(1)} s | ${Math.round(a['total-blocking-time'].numericValue)} ms | ` +
    `${(a['total-byte-weight'].numericValue / 1000).toFixed(0)} |`);
}
EOF
