//! The files of an export and the rows each one holds. Every instant becomes a nominal
//! timepoint and, where the k check allows, a week from the patient's anchor and the weeks
//! after its window was due; free text,
//! identifiers, days and calendar dates are never written.
use super::{
    csv_file::CsvFile,
    run::{Out, Progress},
    ExportError,
};
use crate::storage::{
    research_rows::{self, AnswerStamp, ResponseRow, Responses},
    Db,
};
use app::domain::{
    checkins::{Answers, Score},
    research::{
        redcap::RedcapFile,
        relative_day,
        stats_syntax::Package,
        time_release::Level,
        timepoints::{AnswerTime, Answered},
        wide::answer_text,
        Dataset, ExportRequest, Format, Release,
    },
};
use chrono::{DateTime, NaiveDate};
use futures_util::TryStreamExt;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    /// One row per released patient: research id, anchor and quasi-identifiers.
    Patients,
    Csv(Dataset),
    /// The scheduled instruments' answers and scores, a row per patient and timepoint.
    Wide,
    /// A syntax file that reads the CSV files into a statistics package, labelled.
    Labels(Package),
    /// A file of the REDCap project.
    Redcap(RedcapFile),
    /// FHIR R4 QuestionnaireResponse resources, NDJSON.
    Responses,
    Codebook,
    /// Written last into a zip: what it holds and that it is whole.
    Manifest,
}

impl File {
    pub fn name(self) -> &'static str {
        match self {
            File::Patients => "patients.csv",
            File::Csv(Dataset::Scores) => "scores.csv",
            File::Csv(Dataset::Items) => "items.csv",
            File::Csv(Dataset::Diary) => "diary.csv",
            File::Csv(Dataset::Flags) => "flags.csv",
            File::Csv(Dataset::Journeys) => "journeys.csv",
            File::Wide => "wide.csv",
            File::Labels(package) => package.file_name(),
            File::Redcap(file) => file.file_name(),
            File::Responses => "QuestionnaireResponse.ndjson",
            File::Codebook => "codebook.json",
            File::Manifest => "manifest.json",
        }
    }

    /// The files of an export, in the order a zip holds them.
    pub fn all_of(request: &ExportRequest) -> Vec<File> {
        let mut files = Vec::new();
        if request.formats.contains(&Format::Csv) {
            files.push(File::Patients);
            files.extend(request.datasets.iter().map(|d| File::Csv(*d)));
        }
        if request.formats.contains(&Format::Wide) && Format::Wide.writes_for(&request.datasets) {
            files.push(File::Wide);
        }
        if request.formats.contains(&Format::Redcap) {
            files.extend(RedcapFile::ALL.map(File::Redcap));
        }
        if request.formats.contains(&Format::Labels) {
            files.extend(Package::ALL.map(File::Labels));
        }
        if request.formats.contains(&Format::FhirNdjson) && request.datasets.iter().any(|d| d.is_responses()) {
            files.push(File::Responses);
        }
        files.push(File::Codebook);
        files
    }
}

/// What a row needs to know of its patient.
pub struct Member {
    pub research_id: String,
    pub anchor: String,
    pub anchor_on: NaiveDate,
    pub time_zone: chrono_tz::Tz,
    pub release: Release,
    /// What this export releases of their time.
    pub level: Level,
    /// Their infusion's day from the anchor, if infused by the cut.
    pub infusion_day: Option<i64>,
}

pub type Members = HashMap<i64, Member>;

/// Where the rows of an export's files come from: its snapshot (id, instant) and members.
pub struct Source<'a> {
    pub db: &'a Db,
    pub export: (i64, i64),
    pub members: &'a Members,
}

impl Member {
    /// The day, counted from the anchor, of an instant, by the calendar of the centre.
    pub fn day_of(&self, at: i64) -> Option<i64> {
        let local = DateTime::from_timestamp(at, 0)?
            .with_timezone(&self.time_zone)
            .date_naive();
        Some(relative_day(local, self.anchor_on))
    }

    /// How an answer is dated in the files: timepoint, week and weeks after due, empty
    /// where not released; `None` when this export withholds the member's answers.
    pub fn answer_time(&self, instrument: &str, stamp: &AnswerStamp) -> Result<Option<[String; 3]>, ExportError> {
        let day = |at: i64| self.day_of(at).ok_or_else(|| unreadable("time"));
        let answered = Answered {
            day: day(stamp.at)?,
            timepoint: stamp.timepoint.as_deref(),
            due_day: stamp.due_at.map(day).transpose()?,
        };
        Ok(self
            .level
            .answer_columns(&AnswerTime::of(instrument, answered, self.infusion_day)))
    }
}

pub fn member<'m>(members: &'m Members, patient_id: i64) -> Result<&'m Member, ExportError> {
    members
        .get(&patient_id)
        .ok_or_else(|| ExportError::Data("a row belongs to no member of the export".into()))
}

pub fn unreadable(what: &str) -> ExportError {
    ExportError::Data(format!("a stored {what} could not be read"))
}

/// A member's `patients.csv` record, in the file's column order.
pub fn patient_cells(m: &Member) -> [String; 9] {
    let r = &m.release;
    [
        m.research_id.clone(),
        m.anchor.clone(),
        r.period.label(),
        r.age_band.label(),
        r.sex.clone(),
        r.product.clone(),
        r.place.centre().unwrap_or("").to_string(),
        r.place.country().unwrap_or("").to_string(),
        r.place.region().to_string(),
    ]
}

pub fn patients(out: &mut Out<'_>, ordered: &[(i64, &Member)]) -> Result<u64, ExportError> {
    let mut file = CsvFile::start(out, File::Patients);
    for (_, m) in ordered {
        let cells = patient_cells(m);
        file.record(cells.iter().map(String::as_str));
    }
    file.finish()
}

/// The member a stored answer belongs to, and its released time; `None` when withheld.
fn member_and_time<'m>(
    members: &'m Members,
    patient_id: i64,
    instrument: &str,
    stamp: &AnswerStamp,
) -> Result<Option<(&'m Member, [String; 3])>, ExportError> {
    let m = member(members, patient_id)?;
    Ok(m.answer_time(instrument, stamp)?.map(|time| (m, time)))
}

/// The columns that say whose response, when, to which instrument, by whom.
fn response_columns<'r>(m: &'r Member, time: &'r [String; 3], r: &'r ResponseRow) -> [&'r str; 7] {
    [
        m.research_id.as_str(),
        &time[0],
        &time[1],
        &time[2],
        &r.questionnaire,
        &r.version,
        &r.reported_by,
    ]
}

/// Item-level answers (`items.csv`, or `diary.csv` for the symptom diary).
pub async fn answers(
    from: &Source<'_>,
    which: Responses,
    out: &mut Out<'_>,
    progress: &mut Progress<'_>,
) -> Result<u64, ExportError> {
    let dataset = if matches!(which, Responses::Diary) {
        Dataset::Diary
    } else {
        Dataset::Items
    };
    let mut file = CsvFile::start(out, File::Csv(dataset));
    let mut stream = research_rows::responses(from.db, from.export.0, from.export.1, which, false);
    while let Some(r) = stream.try_next().await? {
        let Some((m, time)) = member_and_time(from.members, r.patient_id, &r.questionnaire, &r.answered)? else {
            continue;
        };
        let answers: Answers = serde_json::from_str(&r.json).map_err(|_| unreadable("answer"))?;
        let values: Vec<(&String, String)> = answers
            .iter()
            .filter_map(|(link_id, answer)| Some((link_id, answer_text(answer)?)))
            .collect();
        let who = response_columns(m, &time, &r);
        // A response with nothing to export (free text only) still shows that it was given:
        // the k check counted it, so the file must not tell such patients apart.
        if values.is_empty() {
            file.record(who.into_iter().chain(["", ""]));
        }
        for (link_id, value) in &values {
            file.record(who.into_iter().chain([link_id.as_str(), value]));
        }
        file.row_done(progress).await?;
    }
    file.finish()
}

pub async fn scores(from: &Source<'_>, out: &mut Out<'_>, progress: &mut Progress<'_>) -> Result<u64, ExportError> {
    let mut file = CsvFile::start(out, File::Csv(Dataset::Scores));
    let mut stream = research_rows::responses(from.db, from.export.0, from.export.1, Responses::All, true);
    while let Some(r) = stream.try_next().await? {
        let Some((m, time)) = member_and_time(from.members, r.patient_id, &r.questionnaire, &r.answered)? else {
            continue;
        };
        let scores: Vec<Score> = serde_json::from_str(&r.json).map_err(|_| unreadable("score"))?;
        for s in &scores {
            let total = s.total.map(|t| t.to_string()).unwrap_or_default();
            let positive = s.positive.map(|p| p.to_string()).unwrap_or_default();
            let missing = s.missing.to_string();
            let who = response_columns(m, &time, &r);
            let score = [
                s.scale.as_str(),
                &total,
                s.band.as_deref().unwrap_or(""),
                &positive,
                &missing,
            ];
            file.record(who.into_iter().chain(score));
        }
        file.row_done(progress).await?;
    }
    file.finish()
}

/// Minutes from one instant to another, if the second happened by the snapshot.
fn minutes_between(from: i64, to: Option<i64>, snapshot_at: i64) -> String {
    to.filter(|t| *t <= snapshot_at)
        .map(|t| ((t - from).max(0) / 60).to_string())
        .unwrap_or_default()
}

/// A flag's `flags.csv` cells after the research id, dated by the answer that raised it.
pub fn flag_cells(f: &research_rows::FlagRow, time: &[String; 3], snapshot_at: i64) -> [String; 8] {
    [
        time[0].clone(),
        time[1].clone(),
        time[2].clone(),
        f.rule.clone(),
        f.level.clone(),
        f.advice.clone().unwrap_or_default(),
        minutes_between(f.raised_at, f.acknowledged_at, snapshot_at),
        minutes_between(f.raised_at, f.resolved_at, snapshot_at),
    ]
}

pub async fn flags(from: &Source<'_>, out: &mut Out<'_>, progress: &mut Progress<'_>) -> Result<u64, ExportError> {
    let mut file = CsvFile::start(out, File::Csv(Dataset::Flags));
    let mut stream = research_rows::flags(from.db, from.export.0, from.export.1);
    while let Some(f) = stream.try_next().await? {
        // Dated by the answer that raised it, as that answer is.
        let Some((m, time)) = member_and_time(from.members, f.patient_id, &f.questionnaire, &f.answered)? else {
            continue;
        };
        let cells = flag_cells(&f, &time, from.export.1);
        file.record(std::iter::once(m.research_id.as_str()).chain(cells.iter().map(String::as_str)));
        file.row_done(progress).await?;
    }
    file.finish()
}
