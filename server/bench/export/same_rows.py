"""The export benchmark's references: one SQL query that makes the same rows as a file of the
export, from the same members' records, for `sqlite3 -csv` to write.

    python3 same_rows.py codebook.json EXPORT_ID SNAPSHOT_AT wide > wide.sql
    python3 same_rows.py codebook.json EXPORT_ID SNAPSHOT_AT redcap > redcap.sql

`wide`: as `wide.csv`, one row per research id and timepoint, one column per variable of the
codebook's wide.csv, in its order. `redcap`: as `redcap_data.csv` of an export of the
scheduled questionnaires' items and scores: a row per member at enrolment (the released
attributes, from the member's release as stored), then the wide rows, each named by its
REDCap event. Repeating instruments (the diary, answers outside a window) are not made.

Each column is read from the codebook's description of it (version, reporter, weeks, an
item's answer, a scale's total, band, cut-off or missing items) and named as the file names
it, so a column the query does not know stops the script, and the benchmark can compare the
header with the file's. A score is read at its scale's place in the stored scores (they are
stored in the order of the version's scales) where every version has the scale at the same
place, else looked up by name. What SQL does not do as the export does: the week columns
are not coarsened by the k check's release level, booleans come out as 1 and 0, and where a
timepoint was answered twice per instrument each column takes its largest value (MAX) where
the export takes the first answer whole. None of these changes the work per row.
"""
import json
import re
import sys

PATTERNS = [
    (r"^Version of (?P<q>\S+) answered", "version"),
    (r"^Who answered (?P<q>\S+):", "reported_by"),
    (r"^Whole weeks from the patient's anchor to the (?P<q>\S+) answer", "week"),
    (r"^Whole weeks from the day the (?P<q>\S+) window was due", "weeks_after_due"),
    (r"^Answer to item (?P<x>\S+) of (?P<q>\S+) \(", "item"),
    (r"^Total of scale (?P<x>\S+) of (?P<q>\S+),", "total"),
    (r"^Severity band of scale (?P<x>\S+) of (?P<q>\S+)$", "band"),
    (r"^Scale (?P<x>\S+) of (?P<q>\S+) at or above", "positive"),
    (r"^Items of scale (?P<x>\S+) of (?P<q>\S+) left unanswered", "missing"),
]

# Where an item's answer sits in the stored JSON, by the codebook's type of the column.
ANSWER_KEY = {"code": "choice", "integer": "integer", "decimal": "decimal", "boolean": "boolean"}


def quoted(text):
    return "'" + text.replace("'", "''") + "'"


# Where each scale sits in each instrument's stored scores, when every version agrees.
PLACES = {}


def learn_places(book):
    seen = {}
    for q in book["instruments"]:
        for i, scale in enumerate(q.get("scales", [])):
            seen.setdefault((q["instrument"], scale["scale"]), set()).add(i)
    PLACES.update({key: places.pop() for key, places in seen.items() if len(places) == 1})


def score_of(instrument, scale, field):
    place = PLACES.get((instrument, scale))
    if place is not None:
        return f"json_extract(r.scores, '$[{place}].{field}')"
    return (
        f"(SELECT json_extract(x.value, '$.{field}') FROM json_each(r.scores) x "
        f"WHERE json_extract(x.value, '$.scale') = {quoted(scale)})"
    )


def named(expression, name):
    return expression + ' AS "' + name.replace('"', '""') + '"'


def expression(variable):
    for pattern, kind in PATTERNS:
        m = re.match(pattern, variable["description"])
        if not m:
            continue
        x = m.groupdict().get("x")
        value = {
            "version": "r.questionnaire_version",
            "reported_by": "r.reported_by",
            "week": "(r.submitted_at - unixepoch(m.anchor_on)) / 604800",
            "weeks_after_due": "(r.submitted_at - r.due_at) / 604800",
            "item": lambda: "json_extract(r.answers, "
            + quoted('$."' + (x or "") + '".' + ANSWER_KEY.get(variable["type"], "choice"))
            + ")",
            "total": lambda: score_of(m.group("q"), x, "total"),
            "band": lambda: score_of(m.group("q"), x, "band"),
            "positive": lambda: score_of(m.group("q"), x, "positive"),
            "missing": lambda: score_of(m.group("q"), x, "missing"),
        }[kind]
        value = value() if callable(value) else value
        cell = f"MAX(CASE WHEN r.questionnaire_name = {quoted(m.group('q'))} THEN {value} END)"
        return m.group("q"), named(cell, variable["name"])
    sys.exit(f"same_rows.py: no rule for {variable['name']}: {variable['description']}")


# The REDCap data file's columns before the answers: record, event, repeat instrument and
# instance, then the released attributes (patients.csv's, the research id apart).
REDCAP_FIXED = [
    "research_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
    "anchor", "anchor_period", "age_band", "sex", "product", "centre", "country", "region",
]

PATIENT_CELLS = [
    "m.anchor",
    "CASE WHEN json_extract(m.release, '$.period.Quarter') IS NOT NULL"
    " THEN json_extract(m.release, '$.period.Quarter.year') || '-Q' || json_extract(m.release, '$.period.Quarter.number')"
    " ELSE COALESCE(json_extract(m.release, '$.period.Year'), '') END",
    "CASE WHEN json_extract(m.release, '$.age_band.Years') IS NOT NULL"
    " THEN json_extract(m.release, '$.age_band.Years.from') || '-'"
    " || (json_extract(m.release, '$.age_band.Years.from') + json_extract(m.release, '$.age_band.Years.width') - 1)"
    " ELSE 'unknown' END",
    "json_extract(m.release, '$.sex')",
    "json_extract(m.release, '$.product')",
    "json_extract(m.release, '$.place.Centre.centre')",
    "COALESCE(json_extract(m.release, '$.place.Centre.country'), json_extract(m.release, '$.place.Country.country'))",
    "COALESCE(json_extract(m.release, '$.place.Centre.region'), json_extract(m.release, '$.place.Country.region'),"
    " json_extract(m.release, '$.place.Region'))",
]


def scheduled_rows(columns, export_id, snapshot_at, event):
    """The wide rows: `event` says how the timepoint is written."""
    instruments = sorted({q for q, _ in columns})
    return (
        f"SELECT m.research_id, {event},\n  "
        + ",\n  ".join(c for _, c in columns)
        + "\nFROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id"
        + f"\nWHERE m.export_id = {export_id} AND m.time_level BETWEEN 0 AND 5 AND r.subject = 'patient'"
        + f" AND r.submitted_at <= {snapshot_at}"
        + f"\n  AND r.questionnaire_name IN ({', '.join(quoted(q) for q in instruments)})"
        + "\n  AND r.timepoint IS NOT NULL AND r.timepoint <> 'unscheduled'"
        + "\nGROUP BY m.research_id, r.timepoint ORDER BY m.research_id, MIN(r.due_at)"
    )


def redcap_rows(columns, names, export_id, snapshot_at):
    """Enrolment rows, then the scheduled rows as events: the order the export writes them.
    The first names the columns (`names`: the answers' and scores')."""
    none = ", ".join(named("NULL", name) for name in names)
    fixed = ["m.research_id", "'enrolment_arm_1'", "NULL", "NULL"] + PATIENT_CELLS
    enrolment = (
        "SELECT "
        + ", ".join(named(cell, name) for cell, name in zip(fixed, REDCAP_FIXED))
        + f", {none}\nFROM research_export_members m WHERE m.export_id = {export_id} ORDER BY m.research_id"
    )
    nothing = ", ".join("NULL" for _ in PATIENT_CELLS)
    events = scheduled_rows(columns, export_id, snapshot_at, f"lower(r.timepoint) || '_arm_1', NULL, NULL, {nothing}")
    return f"SELECT * FROM ({enrolment})\nUNION ALL\nSELECT * FROM ({events})"


def main():
    book = json.load(open(sys.argv[1]))
    export_id = int(sys.argv[2])
    snapshot_at = int(sys.argv[3])
    which = sys.argv[4]
    learn_places(book)
    wide = next(f for f in book["files"] if f["file"] == "wide.csv")
    names = [v["name"] for v in wide["variables"]]
    if names[:2] != ["research_id", "timepoint"]:
        sys.exit(f"same_rows.py: wide.csv starts {names[:2]}")
    columns = [expression(v) for v in wide["variables"][2:]]
    if which == "wide":
        print(scheduled_rows(columns, export_id, snapshot_at, 'r.timepoint AS "timepoint"') + ";")
    elif which == "redcap":
        print(redcap_rows(columns, names[2:], export_id, snapshot_at) + ";")
    else:
        sys.exit(f"same_rows.py: wide or redcap, not {which}")


main()
