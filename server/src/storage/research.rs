//! Research use: consent events, study projects, exports and their frozen member lists.
use super::{audit::Entry, now, Db, Result};
use sqlx::Row;
use std::collections::HashMap;

/// The latest consent event of a patient (none: never asked, which counts as no).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    pub given: bool,
    /// `paper` (recorded by a nurse) or `app` (by the patient).
    pub via: String,
    pub signed_on: Option<String>,
    pub recorded_at: i64,
}

pub async fn consent_of(db: &Db, patient_id: i64) -> Result<Option<Consent>> {
    let row = sqlx::query("SELECT action, via, signed_on, recorded_at FROM research_consents WHERE patient_id = $1 ORDER BY id DESC LIMIT 1")
        .bind(patient_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        let action: String = r.try_get("action")?;
        Ok(Consent {
            given: action == "given",
            via: r.try_get("via")?,
            signed_on: r.try_get("signed_on")?,
            recorded_at: r.try_get("recorded_at")?,
        })
    })
    .transpose()
}

/// Appends a consent event and its audit entry, in one transaction.
pub async fn record_consent(
    db: &Db,
    patient_id: i64,
    given: bool,
    via: &str,
    signed_on: Option<&str>,
    recorded_by: i64,
    audit: Entry<'_>,
) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("INSERT INTO research_consents (patient_id, action, via, signed_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(patient_id)
        .bind(if given { "given" } else { "withdrawn" })
        .bind(via)
        .bind(signed_on)
        .bind(recorded_by)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    super::audit::record_in(&mut tx, audit).await?;
    Ok(tx.commit().await?)
}

/// A study project's id and key, by name.
pub async fn project(db: &Db, name: &str) -> Result<Option<(i64, String)>> {
    let row = sqlx::query("SELECT id, study_key FROM research_projects WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("study_key")?))).transpose()
}

/// A consented patient who may enter an export, with what the cohort is built from.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub patient_id: i64,
    pub date_of_birth: String,
    pub sex: String,
    pub centre_id: i64,
    pub centre_name: String,
    pub country: String,
    pub time_zone: String,
    pub product_id: String,
    /// Local dates at the centre of the latest treatment's infusion and apheresis, when done.
    pub infused_on: Option<String>,
    pub apheresis_on: Option<String>,
}

/// Patients whose latest consent event is "given", at real (not demo) centres, each with
/// their latest treatment.
pub async fn candidates(db: &Db) -> Result<Vec<Candidate>> {
    let done = |kind: &str| {
        format!("(SELECT COALESCE(m.actual_on, m.planned_on) FROM milestones m WHERE m.treatment_id = t.id AND m.kind = '{kind}' AND m.status = 'done' ORDER BY m.position LIMIT 1)")
    };
    let sql = format!(
        "SELECT p.user_id, p.date_of_birth, p.sex, c.id AS centre_id, c.name AS centre_name, c.country, c.time_zone, t.product_id, {} AS infused_on, {} AS apheresis_on \
         FROM patients p JOIN centres c ON c.id = p.centre_id \
         JOIN treatments t ON t.id = (SELECT MAX(t2.id) FROM treatments t2 WHERE t2.patient_id = p.user_id) \
         WHERE c.is_demo = 0 AND (SELECT rc.action FROM research_consents rc WHERE rc.patient_id = p.user_id ORDER BY rc.id DESC LIMIT 1) = 'given' \
         ORDER BY p.user_id",
        done("infusion"),
        done("apheresis")
    );
    sqlx::query(&sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Candidate {
                patient_id: r.try_get("user_id")?,
                date_of_birth: r.try_get("date_of_birth")?,
                sex: r.try_get("sex")?,
                centre_id: r.try_get("centre_id")?,
                centre_name: r.try_get("centre_name")?,
                country: r.try_get("country")?,
                time_zone: r.try_get("time_zone")?,
                product_id: r.try_get("product_id")?,
                infused_on: r.try_get("infused_on")?,
                apheresis_on: r.try_get("apheresis_on")?,
            })
        })
        .collect()
}

/// How many responses (about the patient themself) and flags each patient has: to report
/// what anonymisation generalised and suppressed. Grouped in the database, so the answer
/// is one row per patient however many records there are.
pub async fn records_per_patient(db: &Db) -> Result<(HashMap<i64, i64>, HashMap<i64, i64>)> {
    let count = |sql: &'static str| async move {
        sqlx::query(sql)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<HashMap<i64, i64>>>()
    };
    let responses =
        count("SELECT patient_id, COUNT(*) FROM checkin_responses WHERE subject = 'patient' GROUP BY patient_id")
            .await?;
    let flags = count("SELECT f.patient_id, COUNT(*) FROM flags f JOIN checkin_responses r ON r.id = f.response_id WHERE r.subject = 'patient' GROUP BY f.patient_id").await?;
    Ok((responses, flags))
}
