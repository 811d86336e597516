//! The codebook (data dictionary) written beside every export: each file's variables with
//! their types, units and value labels; the instruments and versions the data answer; and
//! the anonymisation applied, with what it generalised and suppressed. No calendar date
//! and nothing about any one patient goes in it.
use super::{file_variables::variables, labelled_files::labelled, wide::WideLayout};
use crate::domain::checkins::{ItemKind, Questionnaire};
use serde_json::{json, Value};

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
/// questionnaires and versions its data answer; `wide`: the layout of `wide.csv`, if it is
/// one of them; `anonymisation`: the cohort summary.
pub fn codebook(
    files: &[&str],
    instruments: &[&Questionnaire],
    wide: Option<&WideLayout>,
    timepoints: &[String],
    anonymisation: &Value,
) -> Value {
    let files: Vec<Value> = labelled(files, wide, timepoints)
        .iter()
        .map(|f| {
            let (kinds, format) = match (f.file.as_str(), wide) {
                ("wide.csv", Some(layout)) => (
                    variables("items.csv")
                        .into_iter()
                        .take(2)
                        .map(|(_, kind, unit, _)| (kind, unit))
                        .chain(layout.columns.iter().map(|c| (c.kind, c.describe().1)))
                        .collect::<Vec<_>>(),
                    "CSV, RFC 4180, UTF-8, wide format: one row per research id and timepoint of the scheduled instruments, header row",
                ),
                (name, _) => (
                    variables(name).into_iter().map(|(_, kind, unit, _)| (kind, unit)).collect(),
                    "CSV, RFC 4180, UTF-8, long format, header row",
                ),
            };
            let vars: Vec<Value> = f
                .variables
                .iter()
                .zip(kinds)
                .map(|(v, (kind, unit))| {
                    let values: Vec<Value> = v.values.iter().map(|(code, label)| json!({ "code": code, "label": label })).collect();
                    json!({ "name": v.name, "type": kind, "unit": unit, "description": v.label, "values": values })
                })
                .collect();
            json!({ "file": f.file, "format": format, "variables": vars })
        })
        .collect();
    json!({
        "codebook": "Vein-to-Vein research export",
        "files": files,
        "fhir": "QuestionnaireResponse.ndjson, when asked for: FHIR R4 QuestionnaireResponse, one per line; subject Patient/<research_id>; no authored instant; extensions timepoint, week-from-anchor and weeks-after-due (where released), anchor and reported-by",
        "instruments": instruments.iter().map(|q| instrument(q)).collect::<Vec<_>>(),
        "anonymisation": {
            "direct_identifiers": "none: no names, emails, phones, addresses, birth dates, calendar dates, order references or internal ids; free text left out",
            "what_it_is": "pseudonymised health data: personal data under the GDPR, released for an approved project under its data-use agreement; not anonymous",
            "research_id": "HMAC-SHA-256 of the patient id under the project's secret key, first 64 bits in hex",
            "cut": "every export holds the data recorded before the first day of the month it was made in; through_month names the last month",
            "dates": "no day: each answer's nominal timepoint (of the check-in window it answered), its week from the patient's anchor (infusion, or apheresis where not infused at approval) and its whole weeks after the window was due; journeys in weeks or bands; the anchor day as a quarter, a year or nothing",
            "quasi_identifiers": ["anchor", "anchor_period", "age_band", "sex", "product", "centre (only where allowed), else country, else region"],
            "method": "k-anonymity at approval: smaller groups generalised step by step (centre to country, country to region, quarter to year, 10-year to 20-year age bands, year to no period), then suppressed. Then, per export, each patient's time joins that key: the set of (instrument, timepoint, week, weeks after due) answered in the datasets the export holds, and its journeys rows if it holds them; where fewer than k share it, weeks are dropped, then journeys banded, then withheld, then the record coarsened (20-year band, region, year), then answers withheld, then the patient left out of that export; every key also holds what earlier exports released of the patient, in any project",
            "cost": "summary.time_levels counts the patients released at each level, finest first (rounded); a timepoint stands for its nominal day (D28: day 28 after infusion), and summary.timepoint_error_days gives how far the released answers' true days lie from the day their window was due, or for answers stored without their window from their timepoint's nominal day (median and 90th percentile, in days; the diary's windows, due every day, count too)",
            "summary": anonymisation,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkins::builtin;

    #[test]
    fn instruments_list_items_with_value_labels_and_versions() {
        let all = builtin::all().unwrap_or_default();
        let phq9: Vec<&Questionnaire> = all.iter().filter(|q| q.id.ends_with("/phq-9")).collect();
        let book = codebook(
            &["items.csv", "codebook.json"],
            &phq9,
            None,
            &["D28".into()],
            &json!({ "k": 5 }),
        );
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
