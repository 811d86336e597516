//! A data steward approves a study project: the cohort its definition selects is anonymised
//! and frozen at once, under the project's own key, unless releasing it beside a cohort
//! released before would give a few patients away (`release_rule`). Every refusal of the
//! cohort reads the same, whatever its cause.
use super::{cohort, pseudonym, ExportError, Settings};
use crate::storage::{
    accounts,
    audit::Entry,
    centres,
    research::{self, Candidate},
    research_projects::{self, NewProject},
    Db, StorageError,
};
use app::domain::{
    research::{
        counts::rounded,
        project::{selects, CohortFacts, Project},
        release_rule::conflicts,
    },
    role::Role,
    validation::{iso_date, FieldProblem, Problem},
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the steward is told once a project is approved: rounded counts only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approved {
    pub id: i64,
    /// Patients released, rounded to 5.
    pub patients: usize,
}

/// The cohort's summary as stored and shown: counts rounded, small ones as 0.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundedSummary {
    pub k: usize,
    pub patients: usize,
    pub generalised: usize,
    pub suppressed: usize,
}

pub async fn approve(
    db: &Db,
    settings: Settings,
    project: &Project,
    approved_by: Option<i64>,
    audit: Entry<'_>,
) -> Result<Approved, ExportError> {
    check_grounds(db, settings, project).await?;
    let candidates = research::candidates(db).await?;
    let chosen: Vec<&Candidate> = candidates.iter().filter(|c| selects(project, &facts(c))).collect();
    let key = pseudonym::new_key();
    let deployed = centres::deployed_countries(db).await?;
    let released = cohort::release(settings, &chosen, &key, &deployed).map_err(|e| match e {
        ExportError::TooFewPatients { .. } => refused(),
        other => other,
    })?;
    let a = &released.anonymisation;
    let summary = RoundedSummary {
        k: settings.k,
        patients: rounded(a.released, settings.k),
        generalised: rounded(a.generalised, settings.k),
        suppressed: rounded(a.suppressed, settings.k),
    };
    let definition = json(project)?;
    let summary_json = json(&summary)?;
    let researchers: Vec<i64> = project.researchers.iter().copied().collect();
    let new = NewProject {
        name: &project.name,
        study_key: &key,
        definition: &definition,
        ethics_ref: &project.ethics_ref,
        dua_ref: &project.dua_ref,
        expires_on: &project.expires_on.to_string(),
        k: i64::try_from(settings.k).unwrap_or(i64::MAX),
        summary: &summary_json,
        approved_by,
        researchers: &researchers,
        epsilon_budget: f64::from(project.epsilon_thousandths) / 1000.0,
    };
    let cohort: BTreeSet<i64> = released.members.iter().map(|m| m.patient_id).collect();
    let id = super::one_release_at_a_time(db, async |lease| {
        // Compared with every cohort released before, this one recorded under the same lease.
        let earlier = research_projects::released_cohorts(db).await?;
        if !conflicts(&cohort, earlier.iter().map(|(id, c)| (*id, c)), settings.k).is_empty() {
            return Err(refused());
        }
        research_projects::approve(db, lease, &new, &released.members, audit)
            .await
            .map_err(|e| match e {
                StorageError::NameTaken => ExportError::Invalid(vec![FieldProblem::new("name", Problem::NameTaken)]),
                other => other.into(),
            })
    })
    .await?;
    Ok(Approved {
        id,
        patients: summary.patients,
    })
}

fn refused() -> ExportError {
    ExportError::Invalid(vec![FieldProblem::new("cohort", Problem::CohortRefused)])
}

fn facts(c: &Candidate) -> CohortFacts<'_> {
    CohortFacts {
        product: &c.product_id,
        centre_id: c.centre_id,
        infused_on: c.infused_on.as_deref().and_then(iso_date),
    }
}

/// Centres only where the deployment allows them; researchers must be researchers.
async fn check_grounds(db: &Db, settings: Settings, project: &Project) -> Result<(), ExportError> {
    if !project.centres.is_empty() && !settings.centre_allowed {
        return Err(ExportError::Forbidden(
            "this deployment does not allow cohorts by centre; an administrator decides this",
        ));
    }
    for id in &project.researchers {
        let role = accounts::role_and_name(db, *id).await?.map(|(role, _)| role);
        if role != Some(Role::Researcher) {
            return Err(ExportError::Invalid(vec![FieldProblem::new(
                "researchers",
                Problem::ChoiceInvalid,
            )]));
        }
    }
    Ok(())
}

fn json<T: Serialize>(value: &T) -> Result<String, ExportError> {
    serde_json::to_string(value).map_err(|e| ExportError::Data(e.to_string()))
}
