//! Approved study projects: the definition, the grounds, the researchers and the frozen
//! cohort, written in one transaction with the approval's audit entry.
use super::{
    audit::Entry,
    is_unique_violation, now,
    release_lock::{fence, Lease},
    research_exports::{insert_members, MembersOf, NewMember},
    Db, Result, StorageError,
};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

pub struct NewProject<'a> {
    pub name: &'a str,
    pub study_key: &'a str,
    /// The cohort definition and datasets, as JSON.
    pub definition: &'a str,
    pub ethics_ref: &'a str,
    pub dua_ref: &'a str,
    pub expires_on: &'a str,
    pub k: i64,
    /// What anonymisation did, as JSON (counts rounded).
    pub summary: &'a str,
    /// None: the operator, from the command line.
    pub approved_by: Option<i64>,
    pub researchers: &'a [i64],
    pub epsilon_budget: f64,
}

/// An approved project as a researcher's page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectRow {
    pub id: i64,
    pub name: String,
    pub definition: String,
    pub ethics_ref: String,
    pub dua_ref: String,
    pub expires_on: String,
    pub summary: String,
    pub researchers: Vec<i64>,
    pub epsilon_budget: f64,
    pub epsilon_spent: f64,
}

/// Records the approval, only while the release lease its check was made under is held;
/// `StorageError::NameTaken` if a project has the name already.
pub async fn approve(
    db: &Db,
    lease: &Lease,
    new: &NewProject<'_>,
    members: &[NewMember],
    audit: Entry<'_>,
) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    fence(&mut tx, lease).await?;
    let inserted = sqlx::query(
        "INSERT INTO research_projects (name, study_key, created_by, created_at, definition, ethics_ref, dua_ref, expires_on, k, summary, approved_by, approved_at, epsilon_budget) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $3, $4, $11) RETURNING id",
    )
    .bind(new.name)
    .bind(new.study_key)
    .bind(new.approved_by)
    .bind(now())
    .bind(new.definition)
    .bind(new.ethics_ref)
    .bind(new.dua_ref)
    .bind(new.expires_on)
    .bind(new.k)
    .bind(new.summary)
    .bind(new.epsilon_budget)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(error) if is_unique_violation(&error) => return Err(StorageError::NameTaken),
        Err(error) => return Err(error.into()),
    };
    for researcher in new.researchers {
        sqlx::query("INSERT INTO research_project_researchers (project_id, researcher_id) VALUES ($1, $2)")
            .bind(id)
            .bind(researcher)
            .execute(&mut *tx)
            .await?;
    }
    insert_members(&mut tx, MembersOf::Project, id, members).await?;
    let subject = format!("research_project:{id}");
    super::audit::record_in(&mut tx, audit.subject(subject.as_str())).await?;
    tx.commit().await?;
    Ok(id)
}

/// Every cohort released so far, by project: what a new cohort is checked against.
pub async fn released_cohorts(db: &Db) -> Result<BTreeMap<i64, BTreeSet<i64>>> {
    let mut cohorts: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for row in sqlx::query("SELECT project_id, patient_id FROM research_project_members")
        .fetch_all(&db.pool)
        .await?
    {
        cohorts
            .entry(row.try_get("project_id")?)
            .or_default()
            .insert(row.try_get("patient_id")?);
    }
    Ok(cohorts)
}

/// Approved projects, newest first; with a researcher, only theirs.
pub async fn approved(db: &Db, researcher: Option<i64>) -> Result<Vec<ProjectRow>> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.definition, p.ethics_ref, p.dua_ref, p.expires_on, p.summary, p.epsilon_budget, p.epsilon_spent FROM research_projects p \
         WHERE p.approved_at IS NOT NULL AND ($1 IS NULL OR EXISTS (SELECT 1 FROM research_project_researchers r WHERE r.project_id = p.id AND r.researcher_id = $1)) \
         ORDER BY p.approved_at DESC, p.id DESC",
    )
    .bind(researcher)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let researchers = sqlx::query(
            "SELECT researcher_id FROM research_project_researchers WHERE project_id = $1 ORDER BY researcher_id",
        )
        .bind(id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("researcher_id"))
        .collect::<sqlx::Result<Vec<i64>>>()?;
        out.push(ProjectRow {
            id,
            name: row.try_get("name")?,
            definition: row.try_get("definition")?,
            ethics_ref: row.try_get("ethics_ref")?,
            dua_ref: row.try_get("dua_ref")?,
            expires_on: row.try_get("expires_on")?,
            summary: row.try_get("summary")?,
            researchers,
            epsilon_budget: row.try_get("epsilon_budget")?,
            epsilon_spent: row.try_get("epsilon_spent")?,
        });
    }
    Ok(out)
}

/// What an export of the project needs: its key, definition, grounds and researchers.
#[derive(Clone, Debug)]
pub struct ForExport {
    pub id: i64,
    pub study_key: String,
    pub definition: String,
    pub expires_on: String,
    pub researchers: Vec<i64>,
}

pub async fn for_export(db: &Db, project_id: i64) -> Result<Option<ForExport>> {
    let Some(row) = sqlx::query(
        "SELECT id, study_key, definition, expires_on FROM research_projects WHERE id = $1 AND approved_at IS NOT NULL",
    )
    .bind(project_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let researchers = sqlx::query("SELECT researcher_id FROM research_project_researchers WHERE project_id = $1")
        .bind(project_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("researcher_id"))
        .collect::<sqlx::Result<Vec<i64>>>()?;
    Ok(Some(ForExport {
        id: row.try_get("id")?,
        study_key: row.try_get("study_key")?,
        definition: row.try_get("definition")?,
        expires_on: row.try_get("expires_on")?,
        researchers,
    }))
}

/// The frozen cohort's members whose latest consent is still "given": a patient who
/// withdrew is in no later export.
pub async fn consenting_members(db: &Db, project_id: i64) -> Result<Vec<NewMember>> {
    sqlx::query(
        "SELECT m.patient_id, m.research_id, m.anchor, m.anchor_on, m.time_zone, m.release FROM research_project_members m \
         WHERE m.project_id = $1 AND (SELECT rc.action FROM research_consents rc WHERE rc.patient_id = m.patient_id ORDER BY rc.id DESC LIMIT 1) = 'given' \
         ORDER BY m.research_id",
    )
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let anchor: String = r.try_get("anchor")?;
        let anchor = app::domain::research::Anchor::parse(&anchor)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown anchor {anchor}").into()))?;
        Ok(NewMember {
            patient_id: r.try_get("patient_id")?,
            research_id: r.try_get("research_id")?,
            anchor: anchor.as_str(),
            anchor_on: r.try_get("anchor_on")?,
            time_zone: r.try_get("time_zone")?,
            release: r.try_get("release")?,
            time: Default::default(),
        })
    })
    .collect()
}

/// The project's differential-privacy budget (epsilon) and how much of it is spent.
pub async fn epsilon(db: &Db, project_id: i64) -> Result<Option<(f64, f64)>> {
    let row = sqlx::query("SELECT epsilon_budget, epsilon_spent FROM research_projects WHERE id = $1")
        .bind(project_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// Spends `epsilon` of the project's budget if that much is left, in one statement (two
/// instances spending at once cannot overdraw it). Answers whether it was spent.
pub async fn spend_epsilon(db: &Db, project_id: i64, epsilon: f64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE research_projects SET epsilon_spent = epsilon_spent + $1 \
         WHERE id = $2 AND epsilon_spent + $1 <= epsilon_budget + 0.000000001",
    )
    .bind(epsilon)
    .bind(project_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
