#!/usr/bin/env bash
# The README's test command: unit tests, then integration tests (SQLite and PostgreSQL),
# then end-to-end tests in headless Chromium. Sets up whatever is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# oha, the load run's HTTP load generator, compiles for about 4 minutes on a fresh machine.
# Built now in the background at the lowest priority, it takes only the CPU that the steps
# before the load run leave idle (the package installs, one integration test at a time,
# the drills), instead of 4 minutes of its own; if unfinished then, it goes on at full speed.
OHA_VERSION=$(sed -n 's/^OHA_VERSION=//p' "$ROOT/deploy/local/load.sh")
[ -n "$OHA_VERSION" ] || { echo "no OHA_VERSION=… line in deploy/local/load.sh"; exit 1; }
OHA_LOG=$(mktemp)
OHA_INSTALL=""
# A failed step ends the script: the install is stopped with it, not left running.
trap '[ -z "$OHA_INSTALL" ] || kill "$OHA_INSTALL" 2>/dev/null || true; rm -f "$OHA_LOG"' EXIT
if [ "$(oha --version 2>/dev/null | awk '{print $2}')" != "$OHA_VERSION" ]; then
  say "Installing oha $OHA_VERSION from crates.io in the background, at the lowest priority"
  nice -n 19 cargo install oha --version "$OHA_VERSION" --locked >"$OHA_LOG" 2>&1 &
  OHA_INSTALL=$!
fi

# Chromium, PostgreSQL, and R and PSPP (Debian's, base R only), which run the research
# export's syntax files: what is missing comes in one apt-get run (one index update).
packages=()
for pair in chromium:chromium psql:postgresql Rscript:r-base-core pspp:pspp; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || packages+=("${pair#*:}")
done
[ ${#packages[@]} -eq 0 ] || apt_install "${packages[@]}"

source "$ROOT/.ci/postgres.sh"   # sets VTV_TEST_POSTGRES_URL, starting a server if none answers
python_tools                      # before the integration tests: they parse with icalendar

say "Building (debug) with cargo-leptos, after the check-in engine's wasm"
bash "$ROOT/checkin-engine/build.sh"
cargo leptos build --split

say "Unit tests"
like_cargo_leptos cargo test -p app -p checkin-engine -p server --lib --bins
# The drill is built here (the drills use it later), so that a change it no longer fits
# fails in minutes, not after the integration tests (it stopped CI so on 2026-12-06). The
# benchmarks are not built: criterion would cost the test command minutes.
like_cargo_leptos cargo build -q -p vtv-drill

say "Integration tests (real server over HTTP, SQLite and PostgreSQL)"
# One test at a time: with two servers rendering at once in one process (each test on its own
# runtime), a leptos SSR render now and then never starts its resource (about 1 run in 30 of
# access_matrix). One server under 8 concurrent clients never did (see BENCHMARKS.md).
like_cargo_leptos cargo test -p server --test '*' -- --test-threads=1

say "Crash drill, short: 600 check-ins through nginx, 2 instances and PostgreSQL killed (the long one is deploy/local/crash-drill.sh)"
bash "$ROOT/deploy/local/crash-drill.sh" --kills 2 --submissions 600 --reminders 60 --rate 60
bash "$ROOT/deploy/local/crash-drill.sh" --sqlite --kills 2 --submissions 600 --reminders 60 --rate 60

say "Soak, short: 20 s of mixed load through nginx onto three instances (the long one is deploy/local/soak.sh, 10 minutes)"
bash "$ROOT/deploy/local/soak.sh" --seconds 20
[ -z "$OHA_INSTALL" ] || wait "$OHA_INSTALL" || { cat "$OHA_LOG"; echo "installing oha failed"; exit 1; }
say "Load, short: every measurement of deploy/local/load.sh for 3 s, one round, debug build (the long one: 3 rounds of 20 s, release)"
VTV_PROFILE=debug VTV_LOAD_RATES=300 OUT=/tmp/vtv-load-short/results.jsonl bash "$ROOT/deploy/local/load.sh" --rounds 1 --seconds 3

say "Hostile input: schemathesis against the OpenAPI document (short run; the long one is .ci/schemathesis/run.sh 1000)"
bash "$ROOT/.ci/schemathesis/run.sh" 40

say "A changed stylesheet gets a new content-hashed name (two front-end builds, a few seconds)"
bash "$ROOT/end2end/hash-names.sh"

say "End-to-end tests (headless Chromium, axe-core)"
bash "$ROOT/end2end/run.sh"
