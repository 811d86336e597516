#!/usr/bin/env bash
# A content change renames the built file. Records the hashed stylesheet's name, appends an
# unused rule to style/main.css (put back on exit, whatever happens), rebuilds the front end,
# and checks that the name changed, that the served page links the new name and that the old
# one is gone; then puts the stylesheet back, rebuilds, and checks the first name is back.
# Two front-end builds, about 5 s when the wasm is built already: run by .ci/test.sh (the
# integration test asset_caching checks that the name is the md5 of the bytes). Usage:
# bash end2end/hash-names.sh (after `cargo leptos build --split`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
css_name() { ls target/site/pkg | grep -E '^vein-to-vein\.[A-Za-z0-9_-]{22}\.css$'; }
build() { cargo leptos build --split --frontend-only >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }; }

WORK=$(mktemp -d)
SERVER=
cp -p style/main.css "$WORK/main.css"
restore() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
  cp -p "$WORK/main.css" style/main.css
}
trap 'restore; rm -rf "$WORK"' EXIT

BEFORE=$(css_name)
# A rule, not a comment: the CSS pipeline drops comments.
printf '\n.hash-names-probe { outline: 1px solid; }\n' >> style/main.css
build
AFTER=$(css_name)
[ "$AFTER" != "$BEFORE" ] || { echo "FAIL: the stylesheet kept its name $BEFORE"; exit 1; }

DATABASE_URL="sqlite://$WORK/db.sqlite" VTV_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:0 LEPTOS_SITE_ROOT=target/site \
  target/debug/vein-to-vein >"$WORK/server.log" 2>&1 &
SERVER=$!
source "$ROOT/.ci/server_address.sh"
server_address $SERVER "$WORK/server.log"
curl -fsS "$BASE_URL/login" | grep -q "href=\"/pkg/$AFTER\"" || { echo "FAIL: /login does not link $AFTER"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/pkg/$BEFORE")" = 404 ] || { echo "FAIL: $BEFORE still served"; exit 1; }
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=

restore
build
[ "$(css_name)" = "$BEFORE" ] || { echo "FAIL: the restored stylesheet is not named $BEFORE again"; exit 1; }
echo "OK: $BEFORE -> $AFTER after a change, served and linked; $BEFORE again once restored"
