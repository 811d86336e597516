//! The REDCap files of an export (`research::redcap`): the project's dictionary, events,
//! designations and repeating instruments, then the data to import, written in four runs
//! (patients, treatments, responses, flags; REDCap takes a record's rows in any order).
//! Responses are read in research-id order, one patient's scheduled answers held until the
//! next patient's begin, as the wide file does.
use super::{
    csv,
    files::{member, patient_cells, unreadable, Member, Source},
    instruments::Instruments,
    journeys_csv,
    run::{Out, Progress},
    ExportError,
};
use crate::storage::research_rows::{self, Responses};
use app::domain::{
    checkins::{Answers, CheckinSchedule, Questionnaire, Score},
    research::{
        file_variables::columns_of,
        labelled_files::LabelledFile,
        redcap::{event_of, form_of, Project, RedcapFile, ENROLMENT},
        wide::{WideAnswer, WideLayout},
        Dataset, ExportRequest,
    },
};
use futures_util::TryStreamExt;
use std::collections::{BTreeMap, HashMap};

pub struct RedcapPlan {
    pub project: Project,
    layout: WideLayout,
    responses: Option<Responses>,
    flags: bool,
    /// Which responses the export writes.
    request: ExportRequest,
}

impl RedcapPlan {
    pub fn new(
        request: &ExportRequest,
        files: &[LabelledFile],
        instruments: &Instruments,
        schedule: &CheckinSchedule,
        timepoints: &[String],
    ) -> RedcapPlan {
        let has = |d: Dataset| request.datasets.contains(&d);
        let responses = match (has(Dataset::Items) || has(Dataset::Scores), has(Dataset::Diary)) {
            (true, true) => Some(Responses::All),
            (true, false) => Some(Responses::Questionnaires),
            (false, true) => Some(Responses::Diary),
            (false, false) => None,
        };
        let known: Vec<&Questionnaire> = instruments
            .known
            .iter()
            .filter(|q| match responses {
                Some(Responses::All) => true,
                Some(Responses::Diary) => q.short_name() == "symptom-diary",
                Some(Responses::Questionnaires) => q.short_name() != "symptom-diary",
                None => false,
            })
            .collect();
        let layout = WideLayout::of(&known).keep(request);
        // Only the files the export holds become instruments.
        let held: Vec<LabelledFile> = files
            .iter()
            .filter(|f| match f.file.as_str() {
                "journeys.csv" => has(Dataset::Journeys),
                "flags.csv" => has(Dataset::Flags),
                _ => true,
            })
            .cloned()
            .collect();
        RedcapPlan {
            project: Project::of(&held, &layout, schedule, timepoints),
            layout,
            responses,
            flags: has(Dataset::Flags),
            request: request.clone(),
        }
    }
}

fn record(out: &mut Out<'_>, line: &mut Vec<u8>, cells: &[String]) -> Result<(), ExportError> {
    csv::record(line, cells.iter().map(String::as_str));
    out.write(line)?;
    line.clear();
    Ok(())
}

/// One of the project's own files (all but the data).
pub fn write_project_file(plan: &RedcapPlan, file: RedcapFile, out: &mut Out<'_>) -> Result<u64, ExportError> {
    let rows = file.rows(&plan.project);
    let mut line = Vec::new();
    for row in &rows {
        record(out, &mut line, row)?;
    }
    Ok(rows.len().saturating_sub(1) as u64)
}

/// The data to import.
pub async fn write_data(
    from: &Source<'_>,
    plan: &RedcapPlan,
    ordered: &[(i64, &Member)],
    out: &mut Out<'_>,
    progress: &mut Progress<'_>,
) -> Result<u64, ExportError> {
    let p = &plan.project;
    let mut line = Vec::new();
    record(out, &mut line, &RedcapFile::Data.rows(p).remove(0))?;
    let mut rows = 0u64;
    let fixed = |file: &str, cells: &[String]| -> BTreeMap<&str, String> {
        columns_of(file)
            .into_iter()
            .zip(cells)
            .filter_map(|(c, v)| Some((p.columns.get(&(file.to_string(), c.to_string()))?.as_str(), v.clone())))
            .collect()
    };
    for (_, m) in ordered {
        let row = p.data_row(
            &m.research_id,
            ENROLMENT,
            None,
            &fixed("patients.csv", &patient_cells(m)),
        );
        record(out, &mut line, &row)?;
        rows += 1;
    }
    if p.designations.iter().any(|(_, f)| f == "journey") {
        for (patient_id, treatments) in journeys_csv::released(from).await? {
            let research_id = &member(from.members, patient_id)?.research_id;
            for (i, t) in treatments.iter().enumerate() {
                let cells: Vec<String> = std::iter::once(research_id.clone()).chain(t.iter().cloned()).collect();
                let instance = u32::try_from(i + 1).unwrap_or(u32::MAX);
                let row = p.data_row(
                    research_id,
                    ENROLMENT,
                    Some(("journey", instance)),
                    &fixed("journeys.csv", &cells),
                );
                record(out, &mut line, &row)?;
                rows += 1;
                progress.tick(out).await?;
            }
        }
    }
    rows += responses(from, plan, out, &mut line, progress).await?;
    if plan.flags {
        rows += flags(from, plan, out, &mut line, progress).await?;
    }
    Ok(rows)
}

/// A released response, ready for its row.
struct Held {
    research_id: String,
    instrument: String,
    version: String,
    reported_by: String,
    time: [String; 3],
    answers: Answers,
    scores: Vec<Score>,
}

impl Held {
    fn answer(&self) -> WideAnswer<'_> {
        WideAnswer {
            instrument: &self.instrument,
            version: &self.version,
            reported_by: &self.reported_by,
            time: &self.time,
            answers: &self.answers,
            scores: &self.scores,
        }
    }
}

/// The field values of responses, from the layout's cells.
fn cells<'p>(plan: &'p RedcapPlan, answered: &[WideAnswer<'_>]) -> BTreeMap<&'p str, String> {
    plan.layout
        .columns
        .iter()
        .zip(plan.layout.row(answered))
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(c, v)| {
            Some((
                plan.project
                    .answers
                    .get(&(c.instrument.clone(), c.cell.clone()))?
                    .as_str(),
                v,
            ))
        })
        .collect()
}

async fn responses(
    from: &Source<'_>,
    plan: &RedcapPlan,
    out: &mut Out<'_>,
    line: &mut Vec<u8>,
    progress: &mut Progress<'_>,
) -> Result<u64, ExportError> {
    let Some(which) = plan.responses else { return Ok(0) };
    let p = &plan.project;
    let mut rows = 0u64;
    // One patient's scheduled responses by event, and the instances of each repeating form.
    let mut scheduled: BTreeMap<String, Vec<Held>> = BTreeMap::new();
    let mut instances: HashMap<(String, String), u32> = HashMap::new();
    let mut current: Option<i64> = None;
    let mut stream = research_rows::answers_and_scores(from.db, from.export.0, from.export.1, which);
    while let Some(row) = stream.try_next().await? {
        let r = &row.response;
        if current != Some(r.patient_id) {
            rows += flush(p, plan, &mut scheduled, out, line)?;
            instances.clear();
            current = Some(r.patient_id);
        }
        progress.tick(out).await?;
        let m = member(from.members, r.patient_id)?;
        let Some(time) = m.answer_time(&r.questionnaire, &r.answered)? else {
            continue;
        };
        let scores: Vec<Score> = serde_json::from_str(&row.scores).map_err(|_| unreadable("score"))?;
        // Only what the k check weighed: no scores and no items asked for, nothing of it.
        if !plan.request.writes_response(&r.questionnaire, !scores.is_empty()) {
            continue;
        }
        let held = Held {
            research_id: m.research_id.clone(),
            instrument: r.questionnaire.clone(),
            version: r.version.clone(),
            reported_by: r.reported_by.clone(),
            answers: serde_json::from_str(&r.json).map_err(|_| unreadable("answer"))?,
            scores,
            time,
        };
        let event = event_of(&held.time[0]).1;
        if p.scheduled.contains(&(held.instrument.clone(), held.time[0].clone())) {
            scheduled.entry(event).or_default().push(held);
            continue;
        }
        let form = form_of(&held.instrument);
        let n = instances.entry((event.clone(), form.clone())).or_default();
        *n += 1;
        let row = p.data_row(
            &held.research_id,
            &event,
            Some((&form, *n)),
            &cells(plan, &[held.answer()]),
        );
        record(out, line, &row)?;
        rows += 1;
    }
    rows += flush(p, plan, &mut scheduled, out, line)?;
    Ok(rows)
}

/// One row per event of the patient's scheduled responses (each instrument's first).
fn flush(
    p: &Project,
    plan: &RedcapPlan,
    scheduled: &mut BTreeMap<String, Vec<Held>>,
    out: &mut Out<'_>,
    line: &mut Vec<u8>,
) -> Result<u64, ExportError> {
    let mut rows = 0;
    for (event, held) in std::mem::take(scheduled) {
        let answered: Vec<WideAnswer<'_>> = held.iter().map(Held::answer).collect();
        let row = p.data_row(&held[0].research_id, &event, None, &cells(plan, &answered));
        record(out, line, &row)?;
        rows += 1;
    }
    Ok(rows)
}

async fn flags(
    from: &Source<'_>,
    plan: &RedcapPlan,
    out: &mut Out<'_>,
    line: &mut Vec<u8>,
    progress: &mut Progress<'_>,
) -> Result<u64, ExportError> {
    let p = &plan.project;
    let mut rows = 0u64;
    let mut instances: HashMap<(i64, String), u32> = HashMap::new();
    let mut stream = research_rows::flags(from.db, from.export.0, from.export.1);
    while let Some(f) = stream.try_next().await? {
        progress.tick(out).await?;
        let m = member(from.members, f.patient_id)?;
        let Some(time) = m.answer_time(&f.questionnaire, &f.answered)? else {
            continue;
        };
        let event = event_of(&time[0]).1;
        let n = instances.entry((f.patient_id, event.clone())).or_default();
        *n += 1;
        let cells = super::files::flag_cells(&f, &time, from.export.1);
        let values: BTreeMap<&str, String> = columns_of("flags.csv")
            .into_iter()
            .skip(1)
            .zip(cells)
            .filter_map(|(c, v)| Some((p.columns.get(&("flags.csv".to_string(), c.to_string()))?.as_str(), v)))
            .collect();
        let row = p.data_row(&m.research_id, &event, Some(("flag", *n)), &values);
        record(out, line, &row)?;
        rows += 1;
    }
    Ok(rows)
}
