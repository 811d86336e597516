#!/usr/bin/env bash
# The README's run command (with VTV_DEMO=true): sets up what is missing, builds, and serves
# the app on an embedded SQLite file under ./data/ (or DATABASE_URL, if set).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Building and starting Vein-to-Vein (demo mode: ${VTV_DEMO:-false}) on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
# --precompress writes .br and .gz files at maximum quality, which the server sends as they are.
bash "$ROOT/checkin-engine/build.sh"
exec cargo leptos serve --release --precompress --split
