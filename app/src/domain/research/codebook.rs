//! The codebook (data dictionary) written beside every export: each file's variables with
//! their types, units and value labels; the instruments and versions the data answer; and
//! the anonymisation applied, with what it generalised and suppressed. No calendar date
//! and nothing about any one patient goes in it.
use crate::domain::checkins::{ItemKind, Questionnaire};
use serde_json::{json, Value};

/// (name, type, unit, description)
type Variable = (&'static str, &'static str, &'static str, &'static str);

const RESEARCH_ID: Variable = (
    "research_id",
    "string",
    "",
    "Pseudonymous patient id: a keyed hash under the project's key, the same in every export of the project",
);
const TIME: [Variable; 2] = [
    (
        "timepoint",
        "code",
        "",
        "Nominal timepoint whose window holds the day from infusion: baseline (before infusion), acute (days 0-20), D28 (21-63), D100 (64-139), D180 (140-272), D365 (273-547), Y2 to Y15 (365 x n, +/- 182 days), after-Y15",
    ),
    (
        "week",
        "integer",
        "weeks",
        "Whole weeks from the patient's anchor (week 0: days 0-6), by the calendar of the centre; empty where the k check released the timepoint alone",
    ),
];
const INSTRUMENT: [Variable; 3] = [
    ("instrument", "string", "", "Questionnaire name (see instruments)"),
    ("version", "string", "", "Questionnaire version answered"),
    (
        "reported_by",
        "code",
        "",
        "Who answered: patient, or caregiver on the patient's behalf",
    ),
];

const PATIENTS: [Variable; 8] = [
    ("anchor", "code", "", "Day 0 of this patient: infusion, or apheresis if not (yet) infused when the project was approved"),
    ("anchor_period", "code", "", "When day 0 fell: a quarter (2026-Q2), or its year, or empty, as coarse as k needs"),
    ("age_band", "code", "years", "Age on the anchor day in 10-year bands (90+ as one), or 20-year bands (80+) where generalised; empty if unknown"),
    ("sex", "code", "", "Sex as recorded at enrolment"),
    ("product", "code", "", "CAR-T product of the latest treatment"),
    ("centre", "string", "", "Treating centre; empty unless the deployment allows it and k holds"),
    ("country", "code", "", "Country of the centre, ISO 3166-1 alpha-2; empty where generalised to region"),
    ("region", "code", "", "UN M49 sub-region of the centre's country; its continent where no other deployed country shares the sub-region, \"any\" where none shares the continent (a region of one deployed country would name it)"),
];
const JOURNEYS: [Variable; 13] = [
    (
        "treatment",
        "integer",
        "",
        "1 for the patient's first treatment, 2 for the next",
    ),
    ("product", "code", "", "CAR-T product"),
    ("status", "code", "", "Where the treatment stood at the export's cut"),
    (
        "apheresis_week",
        "integer",
        "weeks",
        "Week of apheresis (done, else planned) from the anchor; empty where released in bands",
    ),
    ("apheresis_done", "boolean", "", "Whether apheresis was done by the cut"),
    (
        "release_week",
        "integer",
        "weeks",
        "Week the product was (or was planned to be) released; empty where released in bands",
    ),
    (
        "release_done",
        "boolean",
        "",
        "Whether the product was released by the cut",
    ),
    (
        "infusion_week",
        "integer",
        "weeks",
        "Week of infusion (done, else planned); empty where released in bands",
    ),
    (
        "infusion_done",
        "boolean",
        "",
        "Whether the infusion was done by the cut",
    ),
    (
        "manufacturing_weeks",
        "code",
        "weeks",
        "Apheresis to release in whole weeks, or a band (0-4, 5-8, 9-12, 13+) where coarsened",
    ),
    (
        "vein_to_vein_weeks",
        "code",
        "weeks",
        "Apheresis to infusion in whole weeks, or a band where coarsened",
    ),
    (
        "release_delay",
        "code",
        "days",
        "Release later than first planned: none, 1-7, 8-14, 15-28, 29+ days, or none/late where coarsened",
    ),
    (
        "infusion_delay",
        "code",
        "days",
        "Infusion later than first planned, in the same bands",
    ),
];

/// The columns of a CSV file of the export, in order.
pub fn variable_names(file: &str) -> Vec<&'static str> {
    variables(file).iter().map(|v| v.0).collect()
}

fn variables(file: &str) -> Vec<Variable> {
    let mut v = vec![RESEARCH_ID];
    match file {
        "patients.csv" => v.extend(PATIENTS),
        "items.csv" | "diary.csv" => {
            v.extend(TIME);
            v.extend(INSTRUMENT);
            v.extend([
                ("item", "string", "", "The item's linkId (see instruments); empty, with an empty value, for a response with nothing exportable (free text only)"),
                ("value", "string", "", "The answer: an option code, a number or true/false; free-text answers are never exported"),
            ]);
        }
        "scores.csv" => {
            v.extend(TIME);
            v.extend(INSTRUMENT);
            v.extend([
                ("scale", "string", "", "The scale scored (see instruments)"),
                (
                    "score",
                    "integer",
                    "points",
                    "Total, prorated when up to the allowed number of items are missing; empty when more are",
                ),
                ("band", "code", "", "Severity band of the score"),
                (
                    "positive",
                    "boolean",
                    "",
                    "At or above the scale's screening cut-off; empty if it has none",
                ),
                (
                    "missing_items",
                    "integer",
                    "items",
                    "Items of the scale left unanswered",
                ),
            ]);
        }
        "flags.csv" => {
            v.extend(TIME);
            v.extend([
                ("rule", "string", "", "The triage rule that raised the flag"),
                ("level", "code", "", "urgent, high or review"),
                ("advice", "code", "", "What the patient was told to do at once: emergency-first, crisis or call-care-team; empty for none"),
                ("minutes_to_acknowledge", "integer", "minutes", "From the flag being raised to a nurse acknowledging it; empty if not by the export"),
                ("minutes_to_resolve", "integer", "minutes", "From the flag being raised to it being resolved; empty if not by the export"),
            ]);
        }
        "journeys.csv" => v.extend(JOURNEYS),
        _ => {}
    }
    v
}

fn item_kind(kind: &ItemKind) -> (&'static str, Option<&str>) {
    match kind {
        ItemKind::Group => ("group", None),
        ItemKind::Display => ("display", None),
        ItemKind::Choice(_) => ("choice", None),
        ItemKind::Integer(b) => ("integer", b.unit.as_deref()),
        ItemKind::Decimal(b) => ("decimal", b.unit.as_deref()),
        ItemKind::Boolean => ("boolean", None),
        ItemKind::String { .. } => ("string (not exported)", None),
    }
}

fn instrument(q: &Questionnaire) -> Value {
    let items: Vec<Value> = q
        .all_items()
        .into_iter()
        .filter(|i| !matches!(i.kind, ItemKind::Group | ItemKind::Display))
        .map(|i| {
            let (kind, unit) = item_kind(&i.kind);
            let labels: Vec<Value> = match &i.kind {
                ItemKind::Choice(options) => options
                    .iter()
                    .map(|o| json!({ "code": o.code, "label": o.display.default, "ordinal": o.ordinal }))
                    .collect(),
                _ => Vec::new(),
            };
            json!({ "item": i.link_id, "text": i.text.default, "type": kind, "unit": unit, "values": labels })
        })
        .collect();
    let scales: Vec<Value> = q
        .scales
        .iter()
        .map(|s| {
            json!({
                "scale": s.id, "items": s.items, "max_missing": s.max_missing,
                "positive_at": s.positive_at,
                "bands": s.bands.iter().map(|b| json!({ "band": b.label, "min": b.min, "max": b.max })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "instrument": q.short_name(),
        "url": q.id,
        "version": q.version,
        "title": q.title.default,
        "attribution": q.attribution,
        "items": items,
        "scales": scales,
    })
}

/// `files`: the file names the export holds; `instruments`: the definitions of the
/// questionnaires and versions its data answer; `anonymisation`: the cohort summary.
pub fn codebook(files: &[&str], instruments: &[&Questionnaire], anonymisation: &Value) -> Value {
    let files: Vec<Value> = files
        .iter()
        .filter(|f| f.ends_with(".csv"))
        .map(|f| {
            let vars: Vec<Value> = variables(f)
                .into_iter()
                .map(|(name, kind, unit, description)| json!({ "name": name, "type": kind, "unit": unit, "description": description }))
                .collect();
            json!({ "file": f, "format": "CSV, RFC 4180, UTF-8, long format, header row", "variables": vars })
        })
        .collect();
    json!({
        "codebook": "Vein-to-Vein research export",
        "files": files,
        "fhir": "QuestionnaireResponse.ndjson, when asked for: FHIR R4 QuestionnaireResponse, one per line; subject Patient/<research_id>; no authored instant; extensions timepoint, week-from-anchor (where released), anchor and reported-by",
        "instruments": instruments.iter().map(|q| instrument(q)).collect::<Vec<_>>(),
        "anonymisation": {
            "direct_identifiers": "none: no names, emails, phones, addresses, birth dates, calendar dates, order references or internal ids; free text left out",
            "what_it_is": "pseudonymised health data: personal data under the GDPR, released for an approved project under its data-use agreement; not anonymous",
            "research_id": "HMAC-SHA-256 of the patient id under the project's secret key, first 64 bits in hex",
            "cut": "every export holds the data recorded before the first day of the month it was made in; through_month names the last month",
            "dates": "no day: each answer's nominal timepoint and its week from the patient's anchor (infusion, or apheresis where not infused at approval); journeys in weeks or bands; the anchor day as a quarter, a year or nothing",
            "quasi_identifiers": ["anchor", "anchor_period", "age_band", "sex", "product", "centre (only where allowed), else country, else region"],
            "method": "k-anonymity at approval: smaller groups generalised step by step (centre to country, country to region, quarter to year, 10-year to 20-year age bands, year to no period), then suppressed. Then, per export, each patient's time joins that key: the set of (instrument, timepoint, week) answered and the journeys rows; where fewer than k share it, weeks are dropped, then journeys banded, then withheld, then the record coarsened (20-year band, region, year), then answers withheld, then the patient left out of that export; every key also holds what earlier exports released of the patient, in any project",
            "cost": "summary.time_levels counts the patients released at each level, finest first (rounded); a timepoint stands for its nominal day (D28: day 28 after infusion), and summary.timepoint_error_days gives how far the released answers' true days lie from it (median and 90th percentile, in days)",
            "summary": anonymisation,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkins::builtin;

    #[test]
    /// The writers take their headers from here: these are the columns, in order.
    fn every_column_written_is_described() {
        for (file, header) in [
            (
                "items.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "instrument",
                    "version",
                    "reported_by",
                    "item",
                    "value",
                ],
            ),
            (
                "flags.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "rule",
                    "level",
                    "advice",
                    "minutes_to_acknowledge",
                    "minutes_to_resolve",
                ],
            ),
            (
                "patients.csv",
                vec![
                    "research_id",
                    "anchor",
                    "anchor_period",
                    "age_band",
                    "sex",
                    "product",
                    "centre",
                    "country",
                    "region",
                ],
            ),
            (
                "diary.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "instrument",
                    "version",
                    "reported_by",
                    "item",
                    "value",
                ],
            ),
            (
                "scores.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "instrument",
                    "version",
                    "reported_by",
                    "scale",
                    "score",
                    "band",
                    "positive",
                    "missing_items",
                ],
            ),
            (
                "journeys.csv",
                vec![
                    "research_id",
                    "treatment",
                    "product",
                    "status",
                    "apheresis_week",
                    "apheresis_done",
                    "release_week",
                    "release_done",
                    "infusion_week",
                    "infusion_done",
                    "manufacturing_weeks",
                    "vein_to_vein_weeks",
                    "release_delay",
                    "infusion_delay",
                ],
            ),
        ] {
            let names: Vec<&str> = variables(file).iter().map(|v| v.0).collect();
            assert_eq!(names, header, "{file}");
        }
    }

    #[test]
    fn instruments_list_items_with_value_labels_and_versions() {
        let all = builtin::all().unwrap_or_default();
        let phq9: Vec<&Questionnaire> = all.iter().filter(|q| q.id.ends_with("/phq-9")).collect();
        let book = codebook(&["items.csv", "codebook.json"], &phq9, &json!({ "k": 5 }));
        let text = book.to_string();
        assert_eq!(book["instruments"][0]["instrument"], "phq-9");
        assert!(
            book["instruments"][0]["items"][0]["values"]
                .as_array()
                .is_some_and(|v| v.len() == 4),
            "{text}"
        );
        assert_eq!(book["files"].as_array().map(Vec::len), Some(1));
        assert_eq!(book["anonymisation"]["summary"]["k"], 5);
    }
}
