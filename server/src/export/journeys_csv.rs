//! `journeys.csv`: one row per treatment, with the days of apheresis, release and infusion
//! relative to the patient's anchor, the durations between them, and how far each moved
//! from the date first planned (manufacturing slips, postponed infusions).
use super::{
    csv_file::CsvFile,
    files::{File, Members, Source},
    run::{Out, Progress},
    ExportError,
};
use crate::storage::research_rows::{self, MilestoneRow};
use app::domain::research::{relative_day, Dataset};
use app::domain::validation::iso_date;
use chrono::NaiveDate;
use futures_util::TryStreamExt;

#[derive(Default)]
struct Step {
    on: Option<NaiveDate>,
    done: bool,
    delay: Option<i64>,
}

fn step_of(row: &MilestoneRow) -> Step {
    let on = row
        .actual_on
        .as_deref()
        .and_then(iso_date)
        .or_else(|| iso_date(&row.planned_on));
    let first = row
        .first_planned_on
        .as_deref()
        .and_then(iso_date)
        .or_else(|| iso_date(&row.planned_on));
    Step {
        on,
        done: row.status == "done",
        delay: on.zip(first).map(|(on, first)| relative_day(on, first)),
    }
}

struct Treatment {
    patient_id: i64,
    id: i64,
    product: String,
    status: String,
    apheresis: Step,
    release: Step,
    infusion: Step,
}

fn write_row(file: &mut CsvFile<'_, '_>, members: &Members, t: &Treatment, ordinal: u32) -> Result<(), ExportError> {
    let m = members
        .get(&t.patient_id)
        .ok_or_else(|| ExportError::Data("a treatment belongs to no member of the export".into()))?;
    let day = |s: &Step| {
        s.on.map(|d| relative_day(d, m.anchor_on).to_string())
            .unwrap_or_default()
    };
    let between = |a: &Step, b: &Step| match (a.done && b.done, a.on, b.on) {
        (true, Some(a), Some(b)) => relative_day(b, a).to_string(),
        _ => String::new(),
    };
    let delay = |s: &Step| s.delay.map(|d| d.to_string()).unwrap_or_default();
    let fields = [
        m.research_id.clone(),
        ordinal.to_string(),
        t.product.clone(),
        t.status.clone(),
        day(&t.apheresis),
        t.apheresis.done.to_string(),
        day(&t.release),
        t.release.done.to_string(),
        day(&t.infusion),
        t.infusion.done.to_string(),
        between(&t.apheresis, &t.release),
        between(&t.apheresis, &t.infusion),
        delay(&t.release),
        delay(&t.infusion),
    ];
    file.record(fields.iter().map(String::as_str));
    Ok(())
}

pub async fn write(from: &Source<'_>, out: &mut Out<'_>, progress: &mut Progress<'_>) -> Result<u64, ExportError> {
    let members = from.members;
    let mut file = CsvFile::start(out, File::Csv(Dataset::Journeys));
    let mut current: Option<Treatment> = None;
    let mut ordinal = 0;
    let mut stream = research_rows::journey_milestones(from.db, from.export.0, from.export.1);
    while let Some(row) = stream.try_next().await? {
        if current.as_ref().is_none_or(|t| t.id != row.treatment_id) {
            if let Some(done) = current.take() {
                write_row(&mut file, members, &done, ordinal)?;
                file.row_done(progress).await?;
                if done.patient_id != row.patient_id {
                    ordinal = 0;
                }
            }
            ordinal += 1;
            current = Some(Treatment {
                patient_id: row.patient_id,
                id: row.treatment_id,
                product: row.product_id.clone(),
                status: row.treatment_status.clone(),
                apheresis: Step::default(),
                release: Step::default(),
                infusion: Step::default(),
            });
        }
        if let Some(t) = current.as_mut() {
            match row.kind.as_str() {
                "apheresis" => t.apheresis = step_of(&row),
                "product_released" => t.release = step_of(&row),
                "infusion" => t.infusion = step_of(&row),
                _ => {}
            }
        }
    }
    if let Some(done) = current {
        write_row(&mut file, members, &done, ordinal)?;
        file.row_done(progress).await?;
    }
    file.finish()
}
