//! Creating accounts together with their first single-use code, each in one transaction:
//! either the person exists with a code, or nothing was written.
use super::{
    audit::{record_in, Witness},
    invitations::replace_in,
    now, Db,
};
use app::{
    domain::{enrolment::Enrolment, role::Role, validation::Email},
    i18n::Locale,
};
use sqlx::{Any, Row, Transaction};

#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
}

fn taken_or(error: sqlx::Error) -> EnrolError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => EnrolError::EmailTaken,
        _ => EnrolError::Storage(error),
    }
}

pub struct NewAccount<'a> {
    pub role: Role,
    pub email: &'a Email,
    pub name: &'a str,
    pub centre_id: Option<i64>,
    pub locale: Locale,
    pub time_zone: Option<&'a str>,
}

async fn insert_user(tx: &mut Transaction<'static, Any>, account: &NewAccount<'_>) -> Result<i64, EnrolError> {
    sqlx::query("INSERT INTO users (role, email, display_name, centre_id, locale, time_zone, is_demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id")
        .bind(account.role.as_str())
        .bind(account.email.as_str())
        .bind(account.name)
        .bind(account.centre_id)
        .bind(account.locale.code())
        .bind(account.time_zone)
        .bind(now())
        .fetch_one(&mut **tx)
        .await
        .map_err(taken_or)?
        .try_get("id")
        .map_err(EnrolError::from)
}

/// A staff member (or any account without a patient record) and their code.
pub async fn create_account(
    db: &Db,
    account: &NewAccount<'_>,
    code_hash: &str,
    by: Witness<'_>,
) -> Result<i64, EnrolError> {
    let mut tx = db.pool.begin().await?;
    let user_id = insert_user(&mut tx, account).await?;
    replace_in(&mut tx, user_id, code_hash, Some(by.actor.user_id)).await?;
    let subject = format!("user:{user_id}");
    record_in(&mut tx, by.entry("staff.created", None, Some(&subject))).await?;
    tx.commit().await?;
    Ok(user_id)
}

pub async fn enrol_patient(
    db: &Db,
    enrolment: &Enrolment,
    centre_id: i64,
    time_zone: &str,
    code_hash: &str,
    by: Witness<'_>,
) -> Result<i64, EnrolError> {
    let nurse_id = by.actor.user_id;
    let mut tx = db.pool.begin().await?;
    let account = NewAccount {
        role: Role::Patient,
        email: &enrolment.email,
        name: &enrolment.full_name,
        centre_id: Some(centre_id),
        locale: enrolment.locale,
        time_zone: Some(time_zone),
    };
    let user_id = insert_user(&mut tx, &account).await?;
    sqlx::query("INSERT INTO patients (user_id, centre_id, full_name, date_of_birth, sex, phone, enrolled_by, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(user_id)
        .bind(centre_id)
        .bind(&enrolment.full_name)
        .bind(enrolment.date_of_birth.to_string())
        .bind(enrolment.sex.as_str())
        .bind(&enrolment.phone)
        .bind(nurse_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    replace_in(&mut tx, user_id, code_hash, Some(nurse_id)).await?;
    record_in(&mut tx, by.entry("patient.enrolled", Some(user_id), None)).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// A new caregiver account linked to the patient, with its code.
pub async fn invite_caregiver(
    db: &Db,
    patient_id: i64,
    name: &str,
    email: &Email,
    locale: Locale,
    code_hash: &str,
    by: Witness<'_>,
) -> Result<i64, EnrolError> {
    let invited_by = by.actor.user_id;
    let mut tx = db.pool.begin().await?;
    let account = NewAccount {
        role: Role::Caregiver,
        email,
        name,
        centre_id: None,
        locale,
        time_zone: None,
    };
    let caregiver_id = insert_user(&mut tx, &account).await?;
    sqlx::query(
        "INSERT INTO caregiver_links (caregiver_id, patient_id, created_by, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(caregiver_id)
    .bind(patient_id)
    .bind(invited_by)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    replace_in(&mut tx, caregiver_id, code_hash, Some(invited_by)).await?;
    let subject = format!("user:{caregiver_id}");
    record_in(&mut tx, by.entry("caregiver.invited", Some(patient_id), Some(&subject))).await?;
    tx.commit().await?;
    Ok(caregiver_id)
}
