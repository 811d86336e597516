//! Settling, as an export is made, what it releases of each member's time
//! (`time_release`): the timepoints and weeks of the answers its datasets write and, if it
//! holds journeys, their journeys as of the cut, checked together with what was released of
//! them before (their release at approval and
//! the latest export holding them, of any project: two projects of the same patients are
//! one release, checked as a whole). Members short at every level are left out of the export.
use super::{journeys_csv, ExportError};
use crate::storage::{
    research_exports::{MemberTime, MembersOf, NewMember},
    research_rows::AnswerStamp,
    research_time, Db,
};
use app::domain::research::{
    journey_release::TreatmentFacts,
    relative_day,
    time_release::{choose, AnswerDetail, TimeQuasi, TimeSummary, LEVELS},
    timepoints::{spread, AnswerTime, Answered, ErrorSpread},
    Anchor, Dataset, Release,
};
use app::domain::validation::iso_date;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

/// The members left in, each with their level, how many sit at each, and how far the
/// released answers lie from the days their windows were due.
pub struct Checked {
    pub members: Vec<NewMember>,
    pub summary: TimeSummary,
    pub timepoint_error: Option<ErrorSpread>,
}

pub(super) struct Anchoring {
    anchor_on: NaiveDate,
    zone: chrono_tz::Tz,
    pub(super) infusion_day: Option<i64>,
}

pub(super) fn day_of(at: i64, a: &Anchoring) -> Option<i64> {
    let local = chrono::DateTime::from_timestamp(at, 0)?
        .with_timezone(&a.zone)
        .date_naive();
    Some(relative_day(local, a.anchor_on))
}

/// Each member's anchor, calendar and infusion day (from the anchor, if infused by the cut).
pub(super) fn anchorings(
    members: &[NewMember],
    anchors: &HashMap<i64, NaiveDate>,
    journeys: &HashMap<i64, Vec<TreatmentFacts>>,
) -> Result<HashMap<i64, Anchoring>, ExportError> {
    let mut out = HashMap::new();
    for m in members {
        let infused = journeys
            .get(&m.patient_id)
            .and_then(|ts| ts.iter().find(|t| t.infusion.done))
            .and_then(|t| t.infusion.day);
        let anchor_on = *anchors.get(&m.patient_id).ok_or_else(|| unreadable("anchor date"))?;
        out.insert(
            m.patient_id,
            Anchoring {
                anchor_on,
                zone: m.time_zone.parse().map_err(|_| unreadable("time zone"))?,
                infusion_day: if m.anchor == Anchor::Infusion.as_str() {
                    Some(0)
                } else {
                    infused
                },
            },
        );
    }
    Ok(out)
}

pub(super) fn unreadable(what: &str) -> ExportError {
    ExportError::Data(format!("a project member's {what} is unreadable"))
}

/// Each member's record as approved and coarse, as `patients.csv` would write it.
fn records(m: &NewMember) -> Result<(String, String), ExportError> {
    let mut release: Release = serde_json::from_str(&m.release).map_err(|_| unreadable("release"))?;
    // patients.csv writes the member's anchor (a release approved before anchors were
    // checked holds none): the key holds it too.
    release.anchor = m.anchor.to_string();
    let json = |r: &Release| serde_json::to_string(r).map_err(|e| ExportError::Data(e.to_string()));
    Ok((json(&release)?, json(&release.coarse())?))
}

type ByPatient<T> = HashMap<i64, Vec<T>>;

/// An answer's days from the member's anchor (its own and its window's due day).
fn answered<'s>(stamp: &'s AnswerStamp, a: &Anchoring) -> Result<Answered<'s>, ExportError> {
    let day = |at: i64| day_of(at, a).ok_or_else(|| unreadable("answer time"));
    Ok(Answered {
        day: day(stamp.at)?,
        timepoint: stamp.timepoint.as_deref(),
        due_day: stamp.due_at.map(day).transpose()?,
    })
}

/// Each member's answers as released at their finest, and how far each lies from its
/// timepoint's nominal day (where it has one).
async fn answer_times(
    db: &Db,
    (project_id, snapshot_at): (i64, i64),
    datasets: &BTreeSet<Dataset>,
    anchoring: &HashMap<i64, Anchoring>,
) -> Result<(ByPatient<AnswerTime>, ByPatient<i64>), ExportError> {
    let mut answers: ByPatient<AnswerTime> = HashMap::new();
    let mut errors: ByPatient<i64> = HashMap::new();
    for (patient_id, questionnaire, stamp) in
        research_time::answer_instants(db, MembersOf::Project, (project_id, snapshot_at), datasets).await?
    {
        let Some(a) = anchoring.get(&patient_id) else { continue };
        let answered = answered(&stamp, a)?;
        if let Some(error) = answered.error(a.infusion_day) {
            errors.entry(patient_id).or_default().push(error);
        }
        answers
            .entry(patient_id)
            .or_default()
            .push(AnswerTime::of(&questionnaire, answered, a.infusion_day));
    }
    Ok((answers, errors))
}

/// `datasets`: what the export holds. Only the time its files write joins the key: answers
/// a project was never given, or journeys an export leaves out, withhold nothing.
pub async fn check(
    db: &Db,
    (project_id, snapshot_at): (i64, i64),
    members: Vec<NewMember>,
    datasets: &BTreeSet<Dataset>,
    k: usize,
) -> Result<Checked, ExportError> {
    let mut anchors = HashMap::new();
    for m in &members {
        anchors.insert(
            m.patient_id,
            iso_date(&m.anchor_on).ok_or_else(|| unreadable("anchor date"))?,
        );
    }
    let milestones = research_time::milestones(db, MembersOf::Project, project_id, snapshot_at).await?;
    let changes = research_time::journey_changes(db, MembersOf::Project, project_id, snapshot_at).await?;
    let journeys = journeys_csv::facts(&milestones, &changes, &anchors, journeys_csv::cut_day(snapshot_at))?;
    let anchoring = anchorings(&members, &anchors, &journeys)?;
    let (mut answers, mut errors) = answer_times(db, (project_id, snapshot_at), datasets, &anchoring).await?;
    let with_journeys = datasets.contains(&Dataset::Journeys);
    let before = research_time::released_before(db, project_id).await?;
    let mut time = Vec::with_capacity(members.len());
    for m in &members {
        time.push(TimeQuasi {
            released_before: before.get(&m.patient_id).cloned().unwrap_or_default(),
            record: records(m)?,
            answers: answers.remove(&m.patient_id).unwrap_or_default(),
            treatments: journeys
                .get(&m.patient_id)
                .filter(|_| with_journeys)
                .cloned()
                .unwrap_or_default(),
        });
    }
    let release = choose(&time, k);
    let mut kept = Vec::new();
    let mut released_errors = Vec::new();
    for ((mut m, level), (key, q)) in members
        .into_iter()
        .zip(release.levels)
        .zip(release.keys.into_iter().zip(time))
    {
        let Some(level) = level else { continue };
        if LEVELS[level].answers != AnswerDetail::Withheld {
            released_errors.extend(errors.remove(&m.patient_id).unwrap_or_default());
        }
        if LEVELS[level].coarse_record {
            m.release = q.record.1;
        }
        m.time = MemberTime {
            level: i64::try_from(level).unwrap_or(-1),
            // Kept as its digest: only equality is compared, and each key holds the one
            // before, so kept whole keys would grow with every export.
            key: crate::auth::tokens::digest(&key),
            infusion_day: anchoring.get(&m.patient_id).and_then(|a| a.infusion_day),
        };
        kept.push(m);
    }
    Ok(Checked {
        members: kept,
        summary: release.summary,
        timepoint_error: spread(released_errors),
    })
}
