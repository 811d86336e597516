#!/usr/bin/env bash
# The long fuzzing run: each target for SECONDS (600 by default), two at a time, with the
# stable toolchain and no sanitizer. It starts from fuzz/seeds/<target>/ (hand-made inputs,
# and every crash found so far) and fuzz/corpus/<target>/, where new inputs go; afterwards
# the corpus is minimised and cut to at most 150 inputs of 2 KB or less, so that what stays
# in the repository is small. A crash leaves its input in fuzz/artifacts/<target>/ and fails
# the run: copy it into fuzz/seeds/<target>/ with the fix.
#   bash fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
SECONDS_EACH=${1:-600}
export LEPTOS_OUTPUT_NAME=vein-to-vein
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
cargo fuzz build -s none
run() {
  cargo fuzz run -s none "$1" "corpus/$1" "seeds/$1" -- -max_total_time="$SECONDS_EACH" -max_len=65536 -print_final_stats=1 \
    > "target/$1.log" 2>&1 || { echo "$1: crashed (see fuzz/target/$1.log and fuzz/artifacts/$1/)"; return 1; }
  echo "$1: $(grep -E '^stat::number_of_executed_units' "target/$1.log" | awk '{print $2}') runs in $SECONDS_EACH s, no crash"
}
status=0
run questionnaire_import & a=$!; run journeys_catalogue & b=$!
wait $a || status=1; wait $b || status=1
run webhook_event & a=$!; run checkin_submission & b=$!
wait $a || status=1; wait $b || status=1
for target in questionnaire_import journeys_catalogue webhook_event checkin_submission; do
  cargo fuzz cmin -s none "$target" "corpus/$target" > "target/$target.cmin.log" 2>&1
  find "corpus/$target" -type f -size +2k -delete
  ls "corpus/$target" | sort | tail -n +151 | sed "s|^|corpus/$target/|" | xargs -r rm
done
exit $status
