//! Users, patients, caregiver links and the time zones people read in. Centres are in
//! `centres.rs`.
use super::{now, Db, Result, StorageError};
use app::{
    api::{AccountRow, PatientSummary},
    domain::{access::Actor, role::Role},
    i18n::Locale,
};
use sqlx::{any::AnyRow, Any, Executor, Row};

/// What sign-in needs to know of an account. The hash never leaves the server crate.
#[derive(Debug)]
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: Option<String>,
    pub is_demo: bool,
}

#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub role: Role,
    pub email: &'a str,
    pub display_name: &'a str,
    pub centre_id: Option<i64>,
    pub locale: Locale,
    pub time_zone: Option<&'a str>,
    pub is_demo: bool,
}

#[derive(Clone, Debug)]
pub struct NewPatient<'a> {
    pub full_name: &'a str,
    pub date_of_birth: &'a str,
    pub sex: &'a str,
    pub phone: &'a str,
    pub enrolled_by: Option<i64>,
}

/// The account as the rest of the server sees it once signed in.
#[derive(Clone, Debug)]
pub struct Account {
    pub actor: Actor,
    pub display_name: String,
    pub locale: Locale,
    pub is_demo: bool,
    /// Deactivated, or waiting for a second person: no session stands for it.
    pub inactive: bool,
}

pub async fn credentials_by_email(db: &Db, email: &str) -> Result<Option<Credentials>> {
    let row = sqlx::query("SELECT id, password_hash, is_demo FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| {
        Ok(Credentials {
            user_id: row.try_get("id")?,
            password_hash: row.try_get("password_hash")?,
            is_demo: row.try_get::<i64, _>("is_demo")? != 0,
        })
    })
    .transpose()
}

pub async fn password_hash(db: &Db, user_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get::<Option<String>, _>("password_hash"))
        .transpose()
        .map(Option::flatten)?)
}

/// The columns `account_of` reads, for a query on `users u` (alone or joined).
pub const ACCOUNT_COLUMNS: &str =
    "u.id, u.role, u.display_name, u.centre_id, u.locale, u.is_demo, u.deactivated_at, u.awaiting_since";

pub async fn account(db: &Db, user_id: i64) -> Result<Option<Account>> {
    let Some(row) = sqlx::query(&format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.id = $1"))
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    account_of(db, &row).await.map(Some)
}

/// The account in a row holding `ACCOUNT_COLUMNS`; a caregiver's links are read then.
pub async fn account_of(db: &Db, row: &AnyRow) -> Result<Account> {
    let user_id: i64 = row.try_get("id")?;
    let role_name: String = row.try_get("role")?;
    let role =
        Role::parse(&role_name).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role_name}").into()))?;
    let linked_patient_ids = if role == Role::Caregiver {
        sqlx::query(
            "SELECT patient_id FROM caregiver_links WHERE caregiver_id = $1 AND revoked_at IS NULL ORDER BY patient_id",
        )
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>("patient_id"))
        .collect::<sqlx::Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    let locale: String = row.try_get("locale")?;
    Ok(Account {
        actor: Actor {
            user_id,
            role,
            centre_id: row.try_get("centre_id")?,
            linked_patient_ids,
        },
        display_name: row.try_get("display_name")?,
        locale: Locale::parse(&locale).unwrap_or_default(),
        is_demo: row.try_get::<i64, _>("is_demo")? != 0,
        inactive: row.try_get::<Option<i64>, _>("deactivated_at")?.is_some()
            || row.try_get::<Option<i64>, _>("awaiting_since")?.is_some(),
    })
}

pub async fn create_user<'e, E: Executor<'e, Database = Any>>(ex: E, user: &NewUser<'_>) -> Result<i64> {
    Ok(sqlx::query("INSERT INTO users (role, email, display_name, centre_id, locale, time_zone, is_demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(user.role.as_str())
        .bind(user.email)
        .bind(user.display_name)
        .bind(user.centre_id)
        .bind(user.locale.code())
        .bind(user.time_zone)
        .bind(i64::from(user.is_demo))
        .bind(now())
        .fetch_one(ex)
        .await?
        .try_get("id")?)
}

pub async fn create_patient<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    centre_id: i64,
    patient: &NewPatient<'_>,
) -> Result<()> {
    sqlx::query("INSERT INTO patients (user_id, centre_id, full_name, date_of_birth, sex, phone, enrolled_by, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(user_id)
        .bind(centre_id)
        .bind(patient.full_name)
        .bind(patient.date_of_birth)
        .bind(patient.sex)
        .bind(patient.phone)
        .bind(patient.enrolled_by)
        .bind(now())
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn link_caregiver<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    caregiver_id: i64,
    patient_id: i64,
    created_by: Option<i64>,
) -> Result<()> {
    // A link revoked earlier comes back as new: one row per caregiver and patient.
    sqlx::query(
        "INSERT INTO caregiver_links (caregiver_id, patient_id, created_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (caregiver_id, patient_id) DO UPDATE SET revoked_at = NULL, created_by = excluded.created_by, created_at = excluded.created_at",
    )
    .bind(caregiver_id)
    .bind(patient_id)
    .bind(created_by)
    .bind(now())
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn count_users(db: &Db) -> Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?)
}

/// The centre a patient is treated at, for access decisions.
pub async fn patient_centre(db: &Db, patient_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query("SELECT centre_id FROM patients WHERE user_id = $1")
        .bind(patient_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get("centre_id"))
        .transpose()?)
}

pub async fn patient_name(db: &Db, patient_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT full_name FROM patients WHERE user_id = $1")
        .bind(patient_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get("full_name"))
        .transpose()?)
}

pub async fn patients_of_centre(db: &Db, centre_id: i64) -> Result<Vec<PatientSummary>> {
    sqlx::query("SELECT user_id, full_name, enrolled_at FROM patients WHERE centre_id = $1 ORDER BY full_name, user_id")
        .bind(centre_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| {
            let enrolled_at: i64 = row.try_get("enrolled_at")?;
            Ok(PatientSummary {
                id: row.try_get("user_id")?,
                name: row.try_get("full_name")?,
                enrolled_on: chrono::DateTime::from_timestamp(enrolled_at, 0)
                    .map(|t| t.date_naive().to_string())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Staff accounts only: that someone is a patient (or a patient's caregiver) is health
/// data, which admins do not see. Care staff manage those accounts.
pub async fn staff_accounts(db: &Db) -> Result<Vec<AccountRow>> {
    sqlx::query("SELECT u.id, u.display_name, u.email, u.role, c.name AS centre, u.deactivated_at, u.awaiting_since FROM users u LEFT JOIN centres c ON c.id = u.centre_id WHERE u.role IN ('nurse', 'researcher', 'admin') ORDER BY u.role, u.display_name, u.id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(account_row)
        .collect()
}

fn account_row(row: &AnyRow) -> Result<AccountRow> {
    let role: String = row.try_get("role")?;
    Ok(AccountRow {
        id: row.try_get("id")?,
        name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: Role::parse(&role).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
        centre: row.try_get("centre")?,
        deactivated: row.try_get::<Option<i64>, _>("deactivated_at")?.is_some(),
        awaiting: row.try_get::<Option<i64>, _>("awaiting_since")?.is_some(),
    })
}

pub async fn set_password_hash<'e, E: Executor<'e, Database = Any>>(ex: E, user_id: i64, hash: &str) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// The zone a person reads times in; `None` means their centre's.
pub async fn user_time_zone(db: &Db, user_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT time_zone FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get::<Option<String>, _>("time_zone"))
        .transpose()?
        .flatten())
}

pub async fn set_time_zone(db: &Db, user_id: i64, zone: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE users SET time_zone = $1 WHERE id = $2")
        .bind(zone)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Whether the language changed (setting the same one again writes nothing).
pub async fn set_locale(db: &Db, user_id: i64, locale: Locale) -> Result<bool> {
    let changed = sqlx::query("UPDATE users SET locale = $1 WHERE id = $2 AND locale <> $1")
        .bind(locale.code())
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(changed.rows_affected() == 1)
}

/// Role and display name of an account, for decisions about it.
pub async fn role_and_name(db: &Db, user_id: i64) -> Result<Option<(Role, String)>> {
    let Some(row) = sqlx::query("SELECT role, display_name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let role: String = row.try_get("role")?;
    Ok(Role::parse(&role).map(|r| (r, row.try_get("display_name").unwrap_or_default())))
}

/// Patients a caregiver is (still) linked to.
pub async fn linked_patients(db: &Db, caregiver_id: i64) -> Result<Vec<i64>> {
    sqlx::query("SELECT patient_id FROM caregiver_links WHERE caregiver_id = $1 AND revoked_at IS NULL")
        .bind(caregiver_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| row.try_get("patient_id").map_err(StorageError::from))
        .collect()
}

pub async fn caregivers_of(db: &Db, patient_id: i64) -> Result<Vec<app::api::accounts::CaregiverRow>> {
    sqlx::query("SELECT u.id, u.display_name, u.email FROM caregiver_links l JOIN users u ON u.id = l.caregiver_id WHERE l.patient_id = $1 AND l.revoked_at IS NULL ORDER BY u.display_name, u.id")
        .bind(patient_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(app::api::accounts::CaregiverRow {
                id: row.try_get("id")?,
                name: row.try_get("display_name")?,
                email: row.try_get("email")?,
                status: app::api::accounts::CaregiverStatus::Joined,
            })
        })
        .collect()
}

/// Ends a caregiver's access to one patient; answers whether there was access to end.
pub async fn revoke_caregiver(db: &Db, patient_id: i64, caregiver_id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE caregiver_links SET revoked_at = $1 WHERE patient_id = $2 AND caregiver_id = $3 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(patient_id)
    .bind(caregiver_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}
