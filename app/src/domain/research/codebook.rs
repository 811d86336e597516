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
    "Pseudonymous patient id: a keyed hash, new for each export unless the export belongs to a project",
);
const DAY: Variable = (
    "day",
    "integer",
    "days",
    "Days from the patient's anchor (day 0), by the calendar of the centre; negative before it",
);
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

/// The columns of a CSV file of the export, in order.
pub fn variable_names(file: &str) -> Vec<&'static str> {
    variables(file).iter().map(|v| v.0).collect()
}

fn variables(file: &str) -> Vec<Variable> {
    let mut v = vec![RESEARCH_ID];
    match file {
        "patients.csv" => v.extend([
            ("anchor", "code", "", "Day 0 of this patient: infusion, or apheresis if not (yet) infused"),
            ("age_band", "code", "years", "Age on the anchor day in 10-year bands (90+ as one), or 20-year bands (80+) where generalised; empty if unknown"),
            ("sex", "code", "", "Sex as recorded at enrolment"),
            ("product", "code", "", "CAR-T product of the latest treatment"),
            ("centre", "string", "", "Treating centre; empty unless the deployment allows it and k holds"),
            ("country", "code", "", "Country of the centre, ISO 3166-1 alpha-2; empty where generalised to region"),
            ("region", "code", "", "UN M49 sub-region of the centre's country; its continent where no other deployed country shares the sub-region, \"any\" where none shares the continent (a region of one deployed country would name it)"),
        ]),
        "items.csv" | "diary.csv" => {
            v.push(DAY);
            v.extend(INSTRUMENT);
            v.extend([
                ("item", "string", "", "The item's linkId (see instruments)"),
                ("value", "string", "", "The answer: an option code, a number or true/false; free-text answers are never exported"),
            ]);
        }
        "scores.csv" => {
            v.push(DAY);
            v.extend(INSTRUMENT);
            v.extend([
                ("scale", "string", "", "The scale scored (see instruments)"),
                ("score", "integer", "points", "Total, prorated when up to the allowed number of items are missing; empty when more are"),
                ("band", "code", "", "Severity band of the score"),
                ("positive", "boolean", "", "At or above the scale's screening cut-off; empty if it has none"),
                ("missing_items", "integer", "items", "Items of the scale left unanswered"),
            ]);
        }
        "flags.csv" => {
            v.push(DAY);
            v.extend([
                ("rule", "string", "", "The triage rule that raised the flag"),
                ("level", "code", "", "urgent, high or review"),
                ("advice", "code", "", "What the patient was told to do at once: emergency-first, crisis or call-care-team; empty for none"),
                ("minutes_to_acknowledge", "integer", "minutes", "From the flag being raised to a nurse acknowledging it; empty if not by the export"),
                ("minutes_to_resolve", "integer", "minutes", "From the flag being raised to it being resolved; empty if not by the export"),
            ]);
        }
        "journeys.csv" => v.extend([
            ("treatment", "integer", "", "1 for the patient's first treatment, 2 for the next"),
            ("product", "code", "", "CAR-T product"),
            ("status", "code", "", "Where the treatment stands"),
            ("apheresis_day", "integer", "days", "Day of apheresis (done, else planned) from the anchor"),
            ("apheresis_done", "boolean", "", "Whether apheresis is done"),
            ("release_day", "integer", "days", "Day the product was (or is planned to be) released"),
            ("release_done", "boolean", "", "Whether the product is released"),
            ("infusion_day", "integer", "days", "Day of infusion (done, else planned)"),
            ("infusion_done", "boolean", "", "Whether the infusion is done"),
            ("days_apheresis_to_release", "integer", "days", "Manufacturing time, apheresis to release"),
            ("days_vein_to_vein", "integer", "days", "Apheresis to infusion"),
            ("release_delay_days", "integer", "days", "Release day minus the day first planned; positive is late"),
            ("infusion_delay_days", "integer", "days", "Infusion day minus the day first planned; positive is late"),
        ]),
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
        "fhir": "QuestionnaireResponse.ndjson, when asked for: FHIR R4 QuestionnaireResponse, one per line; subject Patient/<research_id>; no authored instant; extensions days-from-anchor, anchor and reported-by",
        "instruments": instruments.iter().map(|q| instrument(q)).collect::<Vec<_>>(),
        "anonymisation": {
            "direct_identifiers": "none: no names, emails, phones, addresses, birth dates, calendar dates, order references or internal ids; free text left out",
            "research_id": "HMAC-SHA-256 of the patient id under a secret key per export (or per project), first 64 bits in hex",
            "dates": "days relative to the patient's own infusion (day 0), or apheresis where not infused; not shifted at random",
            "quasi_identifiers": ["age_band", "sex", "product", "centre (only where allowed), else country, else region"],
            "method": "k-anonymity: smaller groups generalised step by step (centre to country, country to region, 10-year to 20-year age bands), then suppressed; suppressed patients are left out of every file",
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
                    "day",
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
                    "day",
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
                    "day",
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
                    "day",
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
                    "apheresis_day",
                    "apheresis_done",
                    "release_day",
                    "release_done",
                    "infusion_day",
                    "infusion_done",
                    "days_apheresis_to_release",
                    "days_vein_to_vein",
                    "release_delay_days",
                    "infusion_delay_days",
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
