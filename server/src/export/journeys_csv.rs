//! `journeys.csv`: one row per treatment, as it stood at the export's cut, in weeks from the
//! patient's anchor or in bands, with its manufacturing facts, as the k check settled for
//! each patient (`journey_release`, `time_release`).
use super::{
    csv_file::CsvFile,
    files::{unreadable, File, Members, Source},
    run::{Out, Progress},
    ExportError,
};
use crate::storage::{
    research_exports::MembersOf,
    research_time::{self, JourneyChange, MilestoneRow},
};
use app::domain::research::{
    journey_release::{columns, Step, TreatmentFacts},
    relative_day, Dataset,
};
use app::domain::timeline::delay_reason::DelayReason;
use app::domain::validation::iso_date;
use chrono::NaiveDate;
use std::collections::HashMap;

fn step_of(row: &MilestoneRow, anchor_on: NaiveDate, cut_on: NaiveDate) -> Step {
    let on = iso_date(&row.on);
    let first = iso_date(&row.first_planned_on);
    Step {
        day: on.map(|d| relative_day(d, anchor_on)),
        done: row.status == "done" && on.is_some_and(|d| d <= cut_on),
        delay: on.zip(first).map(|(on, first)| relative_day(on, first)),
    }
}

/// Each patient's treatments, in order, as they stood at the cut (`cut_on`, the last day
/// of data), with the changes made to them by then. Patients without an anchor here are
/// skipped.
pub fn facts(
    rows: &[MilestoneRow],
    changes: &[JourneyChange],
    anchors: &HashMap<i64, NaiveDate>,
    cut_on: NaiveDate,
) -> Result<HashMap<i64, Vec<TreatmentFacts>>, ExportError> {
    let mut out: HashMap<i64, Vec<TreatmentFacts>> = HashMap::new();
    let mut current: Option<i64> = None;
    // Where each treatment's facts sit: (patient, index among theirs).
    let mut place: HashMap<i64, (i64, usize)> = HashMap::new();
    for row in rows {
        let Some(anchor_on) = anchors.get(&row.patient_id) else {
            continue;
        };
        let treatments = out.entry(row.patient_id).or_default();
        if current != Some(row.treatment_id) {
            current = Some(row.treatment_id);
            place.insert(row.treatment_id, (row.patient_id, treatments.len()));
            treatments.push(TreatmentFacts {
                product: row.product_id.clone(),
                status: row.treatment_status.clone(),
                // Until a shipping of the cells says otherwise.
                point_of_care: true,
                ..TreatmentFacts::default()
            });
        }
        let Some(t) = treatments.last_mut() else { continue };
        let step = step_of(row, *anchor_on, cut_on);
        match row.kind.as_str() {
            "apheresis" => t.apheresis = step,
            "cells_shipped" => t.point_of_care = false,
            "product_released" => t.release = step,
            "infusion" => t.infusion = step,
            _ => {}
        }
    }
    for change in changes {
        let Some(t) = place
            .get(&change.treatment_id)
            .and_then(|(patient, i)| out.get_mut(patient)?.get_mut(*i))
        else {
            continue;
        };
        t.remanufactures += u32::from(change.remanufacture);
        if let Some(code) = &change.delay_reason {
            // The database allows only the list's codes (a CHECK constraint).
            t.delayed_for(DelayReason::parse(code).ok_or_else(|| unreadable("delay reason"))?);
        }
    }
    Ok(out)
}

/// The last day of data in an export cut at `snapshot_at` (the first instant of a month).
pub fn cut_day(snapshot_at: i64) -> NaiveDate {
    let first = chrono::DateTime::from_timestamp(snapshot_at, 0).map_or(NaiveDate::MIN, |t| t.date_naive());
    first.pred_opt().unwrap_or(first)
}

/// Each member's released treatments, in research-id order: (patient, its columns after
/// the research id), as `journeys.csv` writes them.
pub async fn released(from: &Source<'_>) -> Result<Vec<(i64, Vec<[String; 17]>)>, ExportError> {
    let (export_id, snapshot_at) = from.export;
    let rows = research_time::milestones(from.db, MembersOf::Export, export_id, snapshot_at).await?;
    let changes = research_time::journey_changes(from.db, MembersOf::Export, export_id, snapshot_at).await?;
    let anchors: HashMap<i64, NaiveDate> = from.members.iter().map(|(id, m)| (*id, m.anchor_on)).collect();
    let by_patient = facts(&rows, &changes, &anchors, cut_day(snapshot_at))?;
    let members: &Members = from.members;
    let mut ordered: Vec<_> = members.iter().collect();
    ordered.sort_by(|a, b| a.1.research_id.cmp(&b.1.research_id));
    Ok(ordered
        .into_iter()
        .map(|(patient_id, m)| {
            let treatments = by_patient.get(patient_id).map(Vec::as_slice).unwrap_or_default();
            let rows = treatments
                .iter()
                .enumerate()
                .filter_map(|(i, t)| columns(t, i + 1, m.level.journeys))
                .collect();
            (*patient_id, rows)
        })
        .collect())
}

pub async fn write(from: &Source<'_>, out: &mut Out<'_>, progress: &mut Progress<'_>) -> Result<u64, ExportError> {
    let released = released(from).await?;
    let mut file = CsvFile::start(out, File::Csv(Dataset::Journeys));
    for (patient_id, rows) in &released {
        let research_id = &super::files::member(from.members, *patient_id)?.research_id;
        for fields in rows {
            file.record(std::iter::once(research_id.as_str()).chain(fields.iter().map(String::as_str)));
            file.row_done(progress).await?;
        }
    }
    file.finish()
}
