#!/usr/bin/env bash
# The full re-identification sweep (PRIVACY.md), on SQLite and PostgreSQL: every infusion
# period the approval form allows, for every product and each alone, then re-dating,
# uniqueness per released attribute and linking. The test command runs a reduced sweep.
# About a minute per database in a debug build, after the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/setup.sh
source .ci/postgres.sh
like_cargo_leptos cargo test -p server --test api -- --test-threads=1 --ignored --nocapture \
  reidentification_full 2>&1 | grep -v '^export [0-9]*:'
