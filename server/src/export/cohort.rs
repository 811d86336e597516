//! Creating an export: who is in it, how they are released, under which key. Frozen in the
//! database at once, so every file of the export comes from the same cohort and snapshot.
use super::{pseudonym, ExportError, Settings};
use crate::storage::{
    audit::Entry,
    now,
    research::{self, Candidate},
    research_exports::{self, NewExport, NewMember},
    Db,
};
use app::domain::research::{age_on, anonymise, Anchor, ExportRequest, Quasi, Summary};
use app::domain::validation::iso_date;
use chrono::NaiveDate;
use rand::RngCore;
use serde::{Deserialize, Serialize};

/// What the export page and the command line are told once an export is made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Created {
    pub id: i64,
    pub token: String,
    pub summary: CohortSummary,
}

/// The anonymisation summary, with the patients left out before it (no anchor yet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortSummary {
    #[serde(flatten)]
    pub anonymisation: Summary,
    /// Consented and selected, but neither infused nor through apheresis yet.
    pub not_anchored: usize,
    /// Responses and flags of the patients generalised (still in the export, coarser) and
    /// of those suppressed (left out).
    pub responses_generalised: i64,
    pub flags_generalised: i64,
    pub responses_suppressed: i64,
    pub flags_suppressed: i64,
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

fn selected(c: &Candidate, request: &ExportRequest) -> bool {
    let infused = c.infused_on.as_deref().and_then(iso_date);
    request.product.as_ref().is_none_or(|p| *p == c.product_id)
        && request.centre_id.is_none_or(|id| id == c.centre_id)
        && request
            .infused_from
            .is_none_or(|from| infused.is_some_and(|d| d >= from))
        && request.infused_to.is_none_or(|to| infused.is_some_and(|d| d <= to))
}

/// Makes the export: checks the filter, builds and anonymises the cohort, and records it.
pub async fn create(
    db: &Db,
    settings: Settings,
    request: &ExportRequest,
    requested_by: Option<i64>,
    audit: Entry<'_>,
) -> Result<Created, ExportError> {
    if request.centre_id.is_some() && !settings.centre_allowed {
        // Every row would then say which centre it came from.
        return Err(ExportError::Forbidden(
            "this deployment does not allow exports by centre; an administrator decides this",
        ));
    }
    let (project_id, key) = match &request.project {
        Some(name) => match research::project(db, name).await? {
            Some((id, key)) => (Some(id), key),
            None => {
                return Err(ExportError::Invalid(vec![app::domain::validation::FieldProblem::new(
                    "project",
                    app::domain::validation::Problem::ChoiceInvalid,
                )]))
            }
        },
        None => (None, pseudonym::new_key()),
    };
    let candidates = research::candidates(db).await?;
    let chosen: Vec<&Candidate> = candidates.iter().filter(|c| selected(c, request)).collect();
    let Released { members, summary } = release(db, settings, &chosen, &key).await?;
    let token = new_token();
    let parameters = serde_json::to_string(request).map_err(|e| ExportError::Data(e.to_string()))?;
    let summary_json = serde_json::to_string(&summary).map_err(|e| ExportError::Data(e.to_string()))?;
    let snapshot_at = now();
    let audit_subject = format!("research_export parameters={parameters} summary={summary_json}");
    let id = research_exports::create(
        db,
        &NewExport {
            token: &token,
            requested_by,
            project_id,
            parameters: &parameters,
            summary: &summary_json,
            export_key: &key,
            snapshot_at,
            expires_at: snapshot_at + settings.lifetime_seconds,
        },
        &members,
        audit.subject(audit_subject.as_str()),
    )
    .await?;
    Ok(Created { id, token, summary })
}

/// A cohort's release: each patient's research id under the key and their quasi-identifiers
/// as k-anonymity releases them, and what anonymisation did.
pub struct Released {
    pub members: Vec<NewMember>,
    pub summary: CohortSummary,
}

/// Anonymises the chosen patients. Refused when fewer than k are anchored, or none is left.
pub async fn release(db: &Db, settings: Settings, chosen: &[&Candidate], key: &str) -> Result<Released, ExportError> {
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
    // Counted once anchored: a patient without day 0 cannot be in the export at all.
    if anchored.len() < settings.k {
        return Err(ExportError::TooFewPatients { k: settings.k });
    }
    let quasi: Vec<Quasi> = anchored
        .iter()
        .map(|a| Quasi {
            age: iso_date(&a.candidate.date_of_birth).and_then(|birth| age_on(birth, a.anchor_on)),
            sex: a.candidate.sex.clone(),
            product: a.candidate.product_id.clone(),
            country: a.candidate.country.clone(),
            centre: a.candidate.centre_name.clone(),
        })
        .collect();
    let cohort = anonymise(&quasi, settings.k, settings.centre_allowed);
    if cohort.summary.released == 0 {
        // Every group fell short even at the coarsest level: an empty export helps nobody.
        return Err(ExportError::TooFewPatients { k: settings.k });
    }
    let mut members = Vec::new();
    for (a, release) in anchored.iter().zip(&cohort.releases) {
        let Some(release) = release else { continue };
        members.push(NewMember {
            patient_id: a.candidate.patient_id,
            research_id: pseudonym::research_id(key, a.candidate.patient_id),
            anchor: a.anchor.as_str(),
            anchor_on: a.anchor_on.to_string(),
            time_zone: a.candidate.time_zone.clone(),
            release: serde_json::to_string(release).map_err(|e| ExportError::Data(e.to_string()))?,
        });
    }
    let (responses, flags) = research::records_per_patient(db).await?;
    let mut summary = CohortSummary {
        anonymisation: cohort.summary,
        not_anchored: chosen.len() - anchored.len(),
        ..CohortSummary::default()
    };
    for ((a, release), generalised) in anchored.iter().zip(&cohort.releases).zip(&cohort.generalised) {
        let id = a.candidate.patient_id;
        let (r, f) = (
            responses.get(&id).copied().unwrap_or(0),
            flags.get(&id).copied().unwrap_or(0),
        );
        if release.is_none() {
            summary.responses_suppressed += r;
            summary.flags_suppressed += f;
        } else if *generalised {
            summary.responses_generalised += r;
            summary.flags_generalised += f;
        }
    }
    Ok(Released { members, summary })
}

fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
