#!/usr/bin/env bash
# The README's run command: sets up what is missing, builds, and serves the app in demo
# mode on an embedded SQLite file under ./data/ (or DATABASE_URL, if set).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

export VTV_DEMO="${VTV_DEMO:-true}"
say "Building and starting Vein-to-Vein (demo mode: $VTV_DEMO) on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec cargo leptos serve --release
