#!/usr/bin/env bash
# The export benchmark: item-level answers exported as pseudonymised CSV by the server's
# `export` subcommand to a file (no zip, no HTTP), beside `sqlite3 -csv` dumping the same
# answers of the same patients from the same database, in the same run. Two sizes (about
# 100 000 and 1 000 000 answers), RUNS runs of each command; prints one line per command and
# size with the median wall time, the median peak RSS and the rows written. Then the wide
# file (`--format csv-wide`: a row per patient and timepoint of the scheduled instruments)
# and the REDCap data file, each beside `sqlite3 -csv` making the same rows (same_rows.py)
# and dumping the responses they are made of (one row per response, answers and scores as
# stored).
#
#   bash server/bench/export/run.sh          (RUNS=5, PATIENTS=1000 by default)
#   VTV_RESEARCH_K=2 KEEP_ONLY="'phq-9','gad-7'" bash server/bench/export/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$ROOT"
# The flags every build of the server has (as cargo-leptos sets them): the same artifacts
# as the other benches and the deployment scripts, and the same rendering.
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=vein-to-vein
RUNS=${RUNS:-5}
PATIENTS=${PATIENTS:-1000}
# Responses per patient giving about 100 k and 1 M rows in items.csv with the seed's mix.
SIZES=${SIZES:-"28 280"}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install sqlite3)"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed (apt-get install python3)"; exit 1; }

cargo build --release --quiet -p server
BIN=${CARGO_TARGET_DIR:-target}/release/vein-to-vein

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Runs a command RUNS times; prints "median_seconds median_rss_kb". Wall time from the
# clock in nanoseconds (/usr/bin/time's counts in hundredths, too coarse for 10 ms runs),
# peak RSS from /usr/bin/time, whose own start is inside both commands' times alike.
measure() {
  local times=() rss=() start end
  for _ in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$WORK/time" "$@" >/dev/null
    end=$(date +%s%N)
    times+=("$(awk -v n=$((end - start)) 'BEGIN { printf "%.4f", n / 1e9 }')")
    rss+=("$(tail -1 "$WORK/time")")
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${rss[@]}" | median)"
}

# Prints "  time ratio, WHAT: A / B".
ratio() {
  awk -v a="$2" -v b="$3" -v w="$1" 'BEGIN { printf "  time ratio, %s: %.2f\n", w, a / b }'
}

# One file of an export (`FILE`, in `FORMAT`, items and scores) beside two references, each
# measured RUNS times; prints rows, medians and ratios. Ours twice: an export made and
# written (the cohort, the k check, then the file), and the file of that export written
# again (`--existing`), as the export page's download writes it. The references:
# `sqlite3 -csv` of the same rows (`same_rows.py KIND`: one query making the file's rows and
# columns from the same members' responses, a row per research id and timepoint, the
# answers and scores taken out of their JSON), and of the responses the file is made of
# (`SQL`: a row per response, answers and scores as stored).
beside_dump() {
  local file=$1 format=$2 sql=$3 kind=$4
  local args=(export --dataset items,scores --format "$format" --project Bench --out "$WORK/$file" --file "$file")
  local made
  made=$("$BIN" "${args[@]}" | sed -n 's/^Export \([0-9]*\):.*/\1/p')
  [ -n "$made" ] || { echo "the export printed no 'Export N:' line: nothing to write again"; exit 1; }
  local rows=$(($(wc -l <"$WORK/$file") - 1)) reference same same_rows
  [ "$rows" -gt 0 ] || { echo "$file has no row: nothing to measure"; exit 1; }
  reference=$(sqlite3 -csv "$DB" "$sql" | wc -l)
  # The wide layout's variables, from the wide export's codebook (a REDCap export's has
  # none; its data file has the same answer and score columns).
  [ "$kind" = wide ] && "$BIN" export --existing "$made" --out "$WORK/codebook.json" --file codebook.json >/dev/null
  local snapshot_at
  snapshot_at=$(sqlite3 "$DB" "SELECT snapshot_at FROM research_exports WHERE id = $made")
  python3 "$ROOT/server/bench/export/same_rows.py" "$WORK/codebook.json" "$made" "$snapshot_at" "$kind" >"$WORK/$kind.sql"
  sqlite3 -csv -header "$DB" ".read $WORK/$kind.sql" >"$WORK/same-$file"
  same_rows=$(($(wc -l <"$WORK/same-$file") - 1))
  # The same columns, named alike, in the same order; the same rows, or near: the file
  # leaves out what the k check withheld.
  cmp -s <(head -1 "$WORK/same-$file" | tr -d '\r') <(head -1 "$WORK/$file" | tr -d '\r') \
    || { echo "$kind.sql does not make the columns of $file"; exit 1; }
  local ours again raw t m at am rt rm st sm
  ours=$(measure "$BIN" "${args[@]}")
  again=$(measure "$BIN" export --existing "$made" --out "$WORK/$file" --file "$file")
  same=$(measure sqlite3 -csv "$DB" ".read $WORK/$kind.sql")
  raw=$(measure sqlite3 -csv "$DB" "$sql")
  echo "  $file rows=$rows, the same rows made by sqlite3=$same_rows, responses it is made of=$reference"
  read -r t m <<<"$ours"; echo "  vein-to-vein export, made and written, $file: median ${t}s, peak RSS $((m / 1024)) MB"
  read -r at am <<<"$again"; echo "  vein-to-vein export --existing (the download), $file: median ${at}s, peak RSS $((am / 1024)) MB"
  read -r st sm <<<"$same"; echo "  sqlite3 -csv, the same rows ($kind.sql): median ${st}s, peak RSS $((sm / 1024)) MB"
  read -r rt rm <<<"$raw"; echo "  sqlite3 -csv, the responses: median ${rt}s, peak RSS $((rm / 1024)) MB"
  ratio "$file downloaded / the same rows by sqlite3" "$at" "$st"
  ratio "$file made and written / the same rows by sqlite3" "$t" "$st"
  ratio "$file downloaded / its responses dump" "$at" "$rt"
  ratio "$file made and written / its responses dump" "$t" "$rt"
}

for per_patient in $SIZES; do
  DB="$WORK/bench-$per_patient.db"
  rm -f "$DB"*
  export DATABASE_URL="sqlite://$DB"
  # Every window answered (ADHERENCE=1): patients at the same point of the same journey
  # then share their answers' times, and the k check releases them. With the seed's usual
  # adherence (each patient's own, 0.6 to 1) nearly every pattern is one patient's, and the
  # check withholds every answer (seen 2026-12-05): nothing would be measured.
  "$BIN" seed-synthetic --patients "$PATIENTS" --responses-per-patient "$per_patient" \
    --lowest-adherence "${ADHERENCE:-1}" >"$WORK/seed.txt"
  # KEEP_ONLY="'phq-9','gad-7'": the answers a study of those instruments holds. With the
  # diary's and the weekly forms' counts in the k check's key nearly every history is one
  # patient's, and little is released to measure (seen 2026-12-06).
  if [ -n "${KEEP_ONLY:-}" ]; then
    sqlite3 "$DB" "DELETE FROM flags WHERE response_id IN (SELECT id FROM checkin_responses WHERE questionnaire_name NOT IN ($KEEP_ONLY));
      DELETE FROM checkin_responses WHERE questionnaire_name NOT IN ($KEEP_ONLY);"
  fi
  "$BIN" research-project --name Bench --dataset items,scores --ethics bench --dua bench \
    --expires "$(date -d '+1 year' +%F)" >/dev/null
  # One export first, to learn its members: the reference dumps the answers of the same
  # patients, one row per answer (json_each), ordered the same way.
  "$BIN" export --dataset items --project Bench --out "$WORK/items.csv" --file items.csv >"$WORK/first.txt"
  export_id=$(sqlite3 "$DB" "SELECT MAX(id) FROM research_exports")
  rows=$(($(wc -l <"$WORK/items.csv") - 1))
  # An export of no answer measures nothing (seen 2026-12-05: members recorded, no rows).
  [ "$rows" -gt 0 ] || { echo "the export wrote no answer row ($(cat "$WORK/first.txt")): nothing to measure"; exit 1; }
  reference_sql="SELECT m.research_id, r.submitted_at, r.questionnaire_name, r.questionnaire_version, r.reported_by, j.key, j.value
    FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id, json_each(r.answers) j
    WHERE m.export_id = $export_id AND r.subject = 'patient' AND r.questionnaire_name <> 'symptom-diary' AND json_type(j.value, '$.string') IS NULL
    ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
  # Answers are stored as {"choice": "2"}, {"string": …}: free text is left out of both.
  ref_rows=$(sqlite3 -csv "$DB" "$reference_sql" | wc -l)
  ours=$(measure "$BIN" export --dataset items --project Bench --out "$WORK/items.csv" --file items.csv)
  raw=$(measure sqlite3 -csv "$DB" "$reference_sql")
  plain=$(measure sqlite3 -csv "$DB" "SELECT * FROM checkin_responses")
  printf '%s\n' "answers=$rows reference_rows=$ref_rows $(cat "$WORK/seed.txt")"
  read -r t m <<<"$ours";  echo "  vein-to-vein export items.csv: median ${t}s, peak RSS $((m / 1024)) MB"
  read -r rt rm <<<"$raw"; echo "  sqlite3 -csv, one row per answer (json_each): median ${rt}s, peak RSS $((rm / 1024)) MB"
  read -r pt pm <<<"$plain"; echo "  sqlite3 -csv, whole table (one row per response): median ${pt}s, peak RSS $((pm / 1024)) MB"
  awk -v a="$t" -v b="$rt" 'BEGIN { if (b > 0) printf "  time ratio, ours / json_each dump: %.2f\n", a / b; else print "  time ratio: the dump took under 10 ms" }'
  # The wide file, and the scheduled responses it is made of (the same members and order).
  responses="SELECT m.research_id, r.timepoint, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.answers, r.scores
    FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id
    WHERE m.export_id = $export_id AND r.subject = 'patient'"
  order="ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
  beside_dump wide.csv csv-wide "$responses AND r.questionnaire_name IN ('phq-9', 'gad-7')
    AND r.timepoint IS NOT NULL AND r.timepoint <> 'unscheduled' $order" wide
  # The REDCap data file: every response of the export's questionnaires (the diary apart), a
  # row each or a row per scheduled timepoint, beside the dump of the same responses.
  beside_dump redcap_data.csv redcap "$responses AND r.questionnaire_name <> 'symptom-diary' $order" redcap
  rm -f "$DB"*
done
