//! Creating accounts together with their first single-use code, each in one transaction:
//! either the person exists with a code (and an audit entry), or nothing was written.
use super::{
    accounts::{create_patient, create_user, NewPatient, NewUser},
    audit::{record_in, Witness},
    invitations::replace_in,
    is_unique_violation, Db, Result, StorageError,
};
use app::domain::{enrolment::Enrolment, role::Role};
use sqlx::{Any, Transaction};

/// The users table's unique email is the one constraint a form can break.
pub(super) async fn insert_user(tx: &mut Transaction<'static, Any>, user: &NewUser<'_>) -> Result<i64, StorageError> {
    create_user(&mut **tx, user).await.map_err(|error| match error {
        StorageError::Database(error) if is_unique_violation(&error) => StorageError::EmailTaken,
        other => other,
    })
}

/// A staff member (or any account without a patient record) and their code.
pub async fn create_account(
    db: &Db,
    user: &NewUser<'_>,
    code_hash: &str,
    by: Witness<'_>,
) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    let user_id = insert_user(&mut tx, user).await?;
    replace_in(&mut tx, user_id, code_hash, Some(by.actor.user_id)).await?;
    let subject = format!("user:{user_id}");
    record_in(&mut tx, by.entry("staff.created", None, Some(&subject))).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// The patient's number in the hospital's records: unique within the centre.
pub async fn set_hospital_number(
    conn: &mut sqlx::AnyConnection,
    patient_id: i64,
    number: Option<&str>,
) -> Result<(), StorageError> {
    let done = sqlx::query("UPDATE patients SET hospital_number = $1 WHERE user_id = $2")
        .bind(number)
        .bind(patient_id)
        .execute(&mut *conn)
        .await;
    match done {
        Ok(_) => Ok(()),
        Err(error) if is_unique_violation(&error) => Err(StorageError::HospitalNumberTaken),
        Err(error) => Err(error.into()),
    }
}

/// The patient's hospital number, if one is recorded.
pub async fn hospital_number(db: &Db, patient_id: i64) -> Result<Option<String>> {
    let number: Option<Option<String>> = sqlx::query_scalar("SELECT hospital_number FROM patients WHERE user_id = $1")
        .bind(patient_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(number.flatten())
}

/// Sets or clears (`None`) the number, with its audit entry, in one transaction.
pub async fn change_hospital_number(
    db: &Db,
    patient_id: i64,
    number: Option<&str>,
    audit: super::audit::Entry<'_>,
) -> Result<(), StorageError> {
    let mut tx = db.pool.begin().await?;
    set_hospital_number(&mut tx, patient_id, number).await?;
    record_in(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn enrol_patient(
    db: &Db,
    enrolment: &Enrolment,
    centre_id: i64,
    time_zone: &str,
    code_hash: &str,
    by: Witness<'_>,
) -> Result<i64, StorageError> {
    let nurse_id = by.actor.user_id;
    let mut tx = db.pool.begin().await?;
    let user = NewUser {
        role: Role::Patient,
        email: enrolment.email.as_str(),
        display_name: &enrolment.full_name,
        centre_id: Some(centre_id),
        locale: enrolment.locale,
        time_zone: Some(time_zone),
        is_demo: false,
    };
    let user_id = insert_user(&mut tx, &user).await?;
    let date_of_birth = enrolment.date_of_birth.to_string();
    let patient = NewPatient {
        full_name: &enrolment.full_name,
        date_of_birth: &date_of_birth,
        sex: enrolment.sex.as_str(),
        phone: &enrolment.phone,
        enrolled_by: Some(nurse_id),
    };
    create_patient(&mut *tx, user_id, centre_id, &patient).await?;
    if let Some(number) = &enrolment.hospital_number {
        set_hospital_number(&mut tx, user_id, Some(number.as_str())).await?;
    }
    replace_in(&mut tx, user_id, code_hash, Some(nurse_id)).await?;
    record_in(&mut tx, by.entry("patient.enrolled", Some(user_id), None)).await?;
    tx.commit().await?;
    Ok(user_id)
}
