//! Who is in a project's cohort and how they are released (`release`, at approval), and
//! making an export of an approved project (`create`): the frozen cohort less those who
//! withdrew consent, under the project's key, cut at the end of the previous month so that
//! the export's date bounds nothing. Frozen in the database at once, so every file of the
//! export comes from the same cohort and cut.
use super::{ExportError, Settings};
use crate::storage::{
    audit::Entry,
    now, rate_counters,
    release_lock::Lease,
    research::Candidate,
    research_exports::{self, NewExport, NewMember},
    research_projects::{self, ForExport},
    Db,
};
use app::domain::research::{
    age_on, anonymise, counts::rounded, project::Project, regions::released_region, timepoints::ErrorSpread, Anchor,
    ExportRequest, Quasi, Summary,
};
use app::domain::validation::{iso_date, FieldProblem, Problem};
use chrono::{Datelike, NaiveDate};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the export page and the command line are told once an export is made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Created {
    pub id: i64,
    pub token: String,
    pub summary: CohortSummary,
}

/// What an export says of its cohort: rounded, nothing about anyone left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub k: usize,
    /// Patients in the export, rounded to 5.
    pub patients: usize,
    /// The last month whose data is in the export, `2026-11` (a month, not a day: an export
    /// holds no calendar date).
    pub through_month: String,
    /// Patients released at each level of `time_release::LEVELS`, finest first, rounded:
    /// what the k check on time cost the science.
    #[serde(default)]
    pub time_levels: Vec<usize>,
    /// How far the released answers' true days lie from their timepoints' nominal days
    /// (median and 90th percentile, days): the error a timepoint analysis works with.
    #[serde(default)]
    pub timepoint_error_days: Option<ErrorSpread>,
}

struct Anchored<'a> {
    candidate: &'a Candidate,
    anchor: Anchor,
    anchor_on: NaiveDate,
}

/// The patient's day 0: their infusion, else their apheresis, else none yet.
fn anchor_of(c: &Candidate) -> Option<(Anchor, NaiveDate)> {
    if let Some(day) = c.infused_on.as_deref().and_then(iso_date) {
        return Some((Anchor::Infusion, day));
    }
    c.apheresis_on
        .as_deref()
        .and_then(iso_date)
        .map(|day| (Anchor::Apheresis, day))
}

/// A cohort's release: each patient's research id under the key and their quasi-identifiers
/// as k-anonymity releases them, and what anonymisation did.
pub struct Released {
    pub members: Vec<NewMember>,
    pub anonymisation: Summary,
}

/// Anonymises the chosen patients. Refused when fewer than k are anchored, or none is left.
/// `deployed`: the countries of the deployment's centres (see `regions::released_region`).
pub fn release(
    settings: Settings,
    chosen: &[&Candidate],
    key: &str,
    deployed: &BTreeSet<String>,
) -> Result<Released, ExportError> {
    let anchored: Vec<Anchored> = chosen
        .iter()
        .filter_map(|c| {
            anchor_of(c).map(|(anchor, anchor_on)| Anchored {
                candidate: c,
                anchor,
                anchor_on,
            })
        })
        .collect();
    // Counted once anchored: a patient without day 0 cannot be released at all.
    if anchored.len() < settings.k {
        return Err(ExportError::TooFewPatients { k: settings.k });
    }
    let quasi: Vec<Quasi> = anchored.iter().map(|a| quasi_of(a, deployed)).collect();
    let cohort = anonymise(&quasi, settings.k, settings.centre_allowed);
    if cohort.summary.released == 0 {
        // Every group fell short even at the coarsest level.
        return Err(ExportError::TooFewPatients { k: settings.k });
    }
    let mut members = Vec::new();
    for (a, release) in anchored.iter().zip(&cohort.releases) {
        let Some(release) = release else { continue };
        members.push(NewMember {
            patient_id: a.candidate.patient_id,
            research_id: super::pseudonym::research_id(key, a.candidate.patient_id),
            anchor: a.anchor.as_str(),
            anchor_on: a.anchor_on.to_string(),
            time_zone: a.candidate.time_zone.clone(),
            release: serde_json::to_string(release).map_err(|e| ExportError::Data(e.to_string()))?,
            time: Default::default(),
        });
    }
    Ok(Released {
        members,
        anonymisation: cohort.summary,
    })
}

fn quasi_of(a: &Anchored<'_>, deployed: &BTreeSet<String>) -> Quasi {
    Quasi {
        region: released_region(&a.candidate.country, deployed).to_string(),
        age: iso_date(&a.candidate.date_of_birth).and_then(|birth| age_on(birth, a.anchor_on)),
        sex: a.candidate.sex.clone(),
        product: a.candidate.product_id.clone(),
        country: a.candidate.country.clone(),
        centre: a.candidate.centre_name.clone(),
        anchor: a.anchor,
        anchor_on: Some(a.anchor_on),
    }
}

/// The first instant of this month (UTC): data recorded from then on waits for next
/// month's exports. Answers the instant and the last day before it.
pub(super) fn month_cut(now: i64) -> (i64, NaiveDate) {
    let today = chrono::DateTime::from_timestamp(now, 0).map_or(NaiveDate::MIN, |t| t.date_naive());
    let first = today.with_day(1).unwrap_or(today);
    let instant = first.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc().timestamp());
    // The last day of data is read from the cut the same way wherever a cut is read.
    (instant, super::journeys_csv::cut_day(instant))
}

fn invalid(field: &str, problem: Problem) -> ExportError {
    ExportError::Invalid(vec![FieldProblem::new(field, problem)])
}

/// The approved project, if the researcher is one of its own (the command line, run by the
/// operator, may export any), it is still open, and it allows the datasets asked for.
async fn open_project(
    db: &Db,
    request: &ExportRequest,
    requested_by: Option<i64>,
) -> Result<(ForExport, Project), ExportError> {
    let project = research_projects::for_export(db, request.project_id)
        .await?
        .filter(|p| requested_by.is_none_or(|r| p.researchers.contains(&r)))
        // Another researcher's project looks like none at all.
        .ok_or_else(|| invalid("project", Problem::ChoiceInvalid))?;
    let definition: Project = serde_json::from_str(&project.definition)
        .map_err(|_| ExportError::Data("a project's definition is unreadable".into()))?;
    if iso_date(&project.expires_on).is_none_or(|end| end < chrono::Utc::now().date_naive()) {
        return Err(invalid("project", Problem::ProjectExpired));
    }
    if !request.datasets.is_subset(&definition.datasets) {
        return Err(invalid("datasets", Problem::ChoiceInvalid));
    }
    Ok((project, definition))
}

/// At most `exports_per_day` exports per researcher in a day, counted in the database.
async fn within_rate(db: &Db, settings: Settings, researcher: i64) -> Result<(), ExportError> {
    let (count, window_ends) = rate_counters::count_one(db, "exports", &researcher.to_string(), 86_400).await?;
    if count > settings.exports_per_day {
        return Err(ExportError::TooMany {
            retry_after_seconds: (window_ends - now()).max(1),
        });
    }
    Ok(())
}

/// Makes an export of an approved project, and records it.
pub async fn create(
    db: &Db,
    settings: Settings,
    request: &ExportRequest,
    requested_by: Option<i64>,
    audit: Entry<'_>,
) -> Result<Created, ExportError> {
    let (project, _) = open_project(db, request, requested_by).await?;
    if let Some(researcher) = requested_by {
        within_rate(db, settings, researcher).await?;
    }
    super::one_release_at_a_time(db, async |lease| {
        check_and_record(db, settings, lease, &project, request, requested_by, audit).await
    })
    .await
}

/// Checks the members' time against what was released of them before, and records the
/// export, under the release lease.
async fn check_and_record(
    db: &Db,
    settings: Settings,
    lease: &Lease,
    project: &ForExport,
    request: &ExportRequest,
    requested_by: Option<i64>,
    audit: Entry<'_>,
) -> Result<Created, ExportError> {
    let members = research_projects::consenting_members(db, project.id).await?;
    let (snapshot_at, cut_on) = month_cut(now());
    let checked =
        super::time_check::check(db, (project.id, snapshot_at), members, &request.datasets, settings.k).await?;
    let members = checked.members;
    if members.len() < settings.k {
        return Err(invalid("cohort", Problem::CohortRefused));
    }
    let summary = CohortSummary {
        k: settings.k,
        patients: rounded(members.len(), settings.k),
        through_month: cut_on.format("%Y-%m").to_string(),
        time_levels: checked
            .summary
            .by_level
            .iter()
            .map(|n| rounded(*n, settings.k))
            .collect(),
        timepoint_error_days: checked.timepoint_error,
    };
    let token = new_token();
    let parameters = serde_json::to_string(request).map_err(|e| ExportError::Data(e.to_string()))?;
    let summary_json = serde_json::to_string(&summary).map_err(|e| ExportError::Data(e.to_string()))?;
    // The steward's log keeps what the export leaves out; the researcher is told nothing of it.
    let audit_subject = format!(
        "research_export project={} parameters={parameters} time_levels={:?} left_out={}",
        project.id, checked.summary.by_level, checked.summary.suppressed
    );
    let id = research_exports::create(
        db,
        lease,
        &NewExport {
            token: &token,
            requested_by,
            project_id: Some(project.id),
            parameters: &parameters,
            summary: &summary_json,
            export_key: &project.study_key,
            snapshot_at,
            expires_at: now() + settings.lifetime_seconds,
        },
        &members,
        audit.subject(audit_subject.as_str()),
    )
    .await?;
    Ok(Created { id, token, summary })
}

pub(super) fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_are_cut_at_the_end_of_the_previous_month() {
        let at = |y, m, d, h| {
            NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|day| day.and_hms_opt(h, 0, 0))
                .unwrap()
                .and_utc()
                .timestamp()
        };
        let (instant, last) = month_cut(at(2026, 12, 3, 7));
        assert_eq!(instant, at(2026, 12, 1, 0));
        assert_eq!(last.to_string(), "2026-11-30");
        let (_, last) = month_cut(at(2027, 1, 1, 0));
        assert_eq!(last.to_string(), "2026-12-31");
    }
}
