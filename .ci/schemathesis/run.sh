#!/usr/bin/env bash
# Hostile input at scale: schemathesis generates requests from /api/openapi.json (valid and
# invalid) against the debug server on a fresh SQLite database, signed in (the session
# cookie) and with valid webhook signatures (hooks.py), and fails on any server error or any
# answer the document does not describe.
#   bash .ci/schemathesis/run.sh          # the short run the test command makes (40 cases per operation)
#   bash .ci/schemathesis/run.sh 1000     # the long run
# Needs the debug build (the test command makes it) and the pinned virtual environment
# (.ci/setup.sh makes it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
CASES=${1:-40}
VENV="$ROOT/.ci/.venv"
WORK=$(mktemp -d)
LOG="$WORK/server.log"
# Writes are limited per person per minute: raised for the run (the limit has its own test).
DATABASE_URL="sqlite://$WORK/st.db" VTV_DEMO=true VTV_WRITES_PER_MINUTE=1000000 LEPTOS_SITE_ADDR=127.0.0.1:0 \
  VTV_SECRETS_KEY_FILE="$WORK/secrets.key" LEPTOS_SITE_ROOT=target/site target/debug/vein-to-vein >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
source "$ROOT/.ci/server_address.sh"
server_address $SERVER "$LOG"

# Signed-in patient and researcher, and an integration whose secret signs the webhooks.
eval "$(python3 "$ROOT/.ci/schemathesis/prepare.py" "$BASE_URL" "$WORK/st.db")"
export VTV_ORDER_REFERENCES=DEMO-AXI-0001,DEMO-TIS-0002,DEMO-LIS-0003

export PYTHONPATH="$ROOT/.ci/schemathesis" SCHEMATHESIS_HOOKS=hooks
# Run from the scratch folder: schemathesis and hypothesis leave their caches where they run.
run() {
  local name=$1; shift
  (cd "$WORK" && "$VENV/bin/schemathesis" --no-color run "$BASE_URL/api/openapi.json" \
    --max-examples "$CASES" --seed 16 --workers 1 \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection \
    --header "Origin: $BASE_URL" --suppress-health-check all --request-timeout 20 \
    --generation-database none --report ndjson --report-ndjson-path "$WORK/$name.ndjson" "$@")
}
# The JSON APIs as the patient; the downloads as a researcher (with guessed links: what is
# tested there is every refusal and its documented answer).
run api --header "Cookie: $PATIENT" --exclude-path-regex '^/research/'
run downloads --header "Cookie: $RESEARCHER" --include-path-regex '^/research/'
python3 "$ROOT/.ci/schemathesis/count.py" "$CASES" "$WORK/api.ndjson" "$WORK/downloads.ndjson"
echo "Schemathesis: $CASES cases per operation, no server error, no answer outside the document."
