#!/usr/bin/env bash
# Bytes a phone downloads for the first visit to the sign-in page, raw and with brotli as
# served. Usage: bash end2end/first-load.sh [BASE_URL]   (start the release build first)
set -euo pipefail
BASE=${1:-http://127.0.0.1:3000}
total_raw=0; total_br=0
printf '%-28s %10s %10s\n' asset raw brotli
for path in /login /pkg/vein-to-vein.js /pkg/vein-to-vein.wasm /pkg/vein-to-vein.css /icon.svg /manifest.webmanifest; do
  raw=$(curl -sf -o /dev/null -w '%{size_download}' "$BASE$path")
  br=$(curl -sf -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$BASE$path")
  printf '%-28s %10d %10d\n' "$path" "$raw" "$br"
  total_raw=$((total_raw + raw)); total_br=$((total_br + br))
done
printf '%-28s %10d %10d\n' 'first load' "$total_raw" "$total_br"
