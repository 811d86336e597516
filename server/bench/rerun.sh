#!/usr/bin/env bash
# Runs every benchmark of vtv-bench several times (3 by default) and prints each figure as
# the median of the runs, each run's figure after it (rerun_report.py). The HTTP benches run
# on SQLite and on PostgreSQL (the test command's server, or one it starts). Raw outputs stay
# in $OUT (default target/bench-rerun).
#
#   bash server/bench/rerun.sh                     # every bench, 3 runs (about 25 minutes)
#   bash server/bench/rerun.sh --runs 1 projection scoring
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RUNS=3
BENCHES=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    *) BENCHES+=("$1"); shift ;;
  esac
done
[ ${#BENCHES[@]} -gt 0 ] ||
  BENCHES=(projection scoring push_encrypt board_render nurse_board flag_queue my_results handover)
OUT=${OUT:-$ROOT/target/bench-rerun}
mkdir -p "$OUT"
say() { printf '\n== %s\n' "$*"; }
source .ci/postgres.sh
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=vein-to-vein
cargo bench --no-run --quiet -p vtv-bench
for bench in "${BENCHES[@]}"; do
  for run in $(seq "$RUNS"); do
    say "$bench, run $run of $RUNS"
    # Criterion compares with the run before: its "change" lines are left out of the report.
    cargo bench --quiet -p vtv-bench --bench "$bench" -- --noplot 2>&1 | tee "$OUT/$bench-$run.txt"
  done
done
python3 server/bench/rerun_report.py "$OUT" "${BENCHES[@]}"
