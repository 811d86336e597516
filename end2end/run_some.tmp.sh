#!/usr/bin/env bash
# Starts the debug build of the server in demo mode on a fresh SQLite database and a free
# port, runs the browser tests against it, and stops it again.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d)
LOG="$WORK/server.log"
DATABASE_URL="sqlite://$WORK/e2e.db" VTV_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:0 LEPTOS_SITE_ROOT=target/site \
  target/debug/vein-to-vein >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

source "$ROOT/.ci/server_address.sh"
server_address $SERVER "$LOG"
# Consented synthetic patients at real centres, for the researcher's export page.
DATABASE_URL="sqlite://$WORK/e2e.db" target/debug/vein-to-vein seed-synthetic --patients 400 --responses-per-patient 3 --lowest-adherence 1
# The data steward's approval of a study, for the demo researcher.
DATABASE_URL="sqlite://$WORK/e2e.db" target/debug/vein-to-vein research-project --name "Demo study" \
  --dataset scores,items,diary,flags,journeys --ethics "EC demo" --dua "DUA demo" \
  --researcher researcher@demo.example --expires "$(date -d '+1 year' +%F)"

cd end2end
BASE_URL="$BASE_URL" node --test --test-concurrency=1 ${TESTS}
