//! Caregiver invitations: a name, an email and a code, with no account behind them until the
//! code is redeemed (the rule is `app::domain::caregiver_invitation`). Each step is one
//! transaction with its audit entry.
use super::{
    accounts::{link_caregiver, NewUser},
    audit::{record_in, Entry, Witness},
    enrolment::insert_user,
    invitations::VALID_FOR_SECONDS,
    now, Db, Result, StorageError,
};
use app::{
    api::accounts::{CaregiverRow, CaregiverStatus},
    domain::{access::Actor, caregiver_invitation::is_expired, role::Role},
    i18n::Locale,
};
use sqlx::{AnyConnection, Row};

/// An invitation whose code can still be redeemed.
#[derive(Clone, Debug)]
pub struct Invitation {
    pub id: i64,
    pub patient_id: i64,
    pub display_name: String,
    pub email: String,
    pub locale: Locale,
    pub created_by: Option<i64>,
}

/// A new invitation; an earlier open one for the same patient and email ends, so that only
/// the newest code works.
pub async fn invite(
    db: &Db,
    patient_id: i64,
    name: &str,
    email: &str,
    locale: Locale,
    code_hash: &str,
    by: Witness<'_>,
) -> Result<i64> {
    let now = now();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE caregiver_invitations SET ended_at = $1 WHERE patient_id = $2 AND email = $3 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(patient_id)
    .bind(email)
    .execute(&mut *tx)
    .await?;
    let id: i64 = sqlx::query(
        "INSERT INTO caregiver_invitations (patient_id, display_name, email, locale, code_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(patient_id)
    .bind(name)
    .bind(email)
    .bind(locale.code())
    .bind(code_hash)
    .bind(by.actor.user_id)
    .bind(now)
    .bind(now + VALID_FOR_SECONDS)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    let subject = format!("invitation:{id}");
    record_in(&mut tx, by.entry("caregiver.invited", Some(patient_id), Some(&subject))).await?;
    tx.commit().await?;
    Ok(id)
}

/// The patient's invitations not yet redeemed or withdrawn, as they read on the list.
pub async fn open_of(db: &Db, patient_id: i64) -> Result<Vec<CaregiverRow>> {
    let now = now();
    sqlx::query("SELECT id, display_name, email, expires_at FROM caregiver_invitations WHERE patient_id = $1 AND ended_at IS NULL ORDER BY display_name, id")
        .bind(patient_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| {
            let status = if is_expired(row.try_get("expires_at")?, now) {
                CaregiverStatus::Expired
            } else {
                CaregiverStatus::Invited
            };
            Ok(CaregiverRow {
                id: row.try_get("id")?,
                name: row.try_get("display_name")?,
                email: row.try_get("email")?,
                status,
            })
        })
        .collect()
}

/// Withdraws an open invitation of this patient; answers whether there was one.
pub async fn cancel(db: &Db, patient_id: i64, invitation_id: i64, by: Witness<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE caregiver_invitations SET ended_at = $1 WHERE id = $2 AND patient_id = $3 AND ended_at IS NULL",
    )
    .bind(now())
    .bind(invitation_id)
    .bind(patient_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    let subject = format!("invitation:{invitation_id}");
    record_in(
        &mut tx,
        by.entry("caregiver.invitation_cancelled", Some(patient_id), Some(&subject)),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The invitation this code opens, if it is neither used, withdrawn nor expired.
pub async fn find_open(db: &Db, code_hash: &str) -> Result<Option<Invitation>> {
    let row = sqlx::query(
        "SELECT id, patient_id, display_name, email, locale, created_by FROM caregiver_invitations \
         WHERE code_hash = $1 AND ended_at IS NULL AND expires_at > $2",
    )
    .bind(code_hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| {
        let locale: String = row.try_get("locale")?;
        Ok(Invitation {
            id: row.try_get("id")?,
            patient_id: row.try_get("patient_id")?,
            display_name: row.try_get("display_name")?,
            email: row.try_get("email")?,
            locale: Locale::parse(&locale).unwrap_or_default(),
            created_by: row.try_get("created_by")?,
        })
    })
    .transpose()
}

/// Ends the invitation for good, if no one did first (a second, concurrent redemption
/// finds it taken).
async fn claim(conn: &mut AnyConnection, invitation: &Invitation, user_id: Option<i64>) -> Result<bool> {
    let now = now();
    let done = sqlx::query(
        "UPDATE caregiver_invitations SET ended_at = $1, joined_user_id = $2 WHERE id = $3 AND ended_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(user_id)
    .bind(invitation.id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

fn caregiver(user_id: i64) -> Actor {
    Actor {
        user_id,
        role: Role::Caregiver,
        centre_id: None,
        linked_patient_ids: Vec::new(),
    }
}

/// Nobody holds the email: a new caregiver account with this password, linked to the
/// patient. Answers the account, or None if the code was used meanwhile;
/// `StorageError::EmailTaken` if the email was taken meanwhile (nothing is written).
pub async fn join_new(
    db: &Db,
    invitation: &Invitation,
    password_hash: &str,
    client_addr: &str,
) -> Result<Option<i64>, StorageError> {
    let mut tx = db.pool.begin().await?;
    let user = NewUser {
        role: Role::Caregiver,
        email: &invitation.email,
        display_name: &invitation.display_name,
        centre_id: None,
        locale: invitation.locale,
        time_zone: None,
        is_demo: false,
    };
    let user_id = insert_user(&mut tx, &user).await?;
    if !claim(&mut tx, invitation, Some(user_id)).await? {
        tx.rollback().await?;
        return Ok(None);
    }
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    link_caregiver(&mut *tx, user_id, invitation.patient_id, invitation.created_by).await?;
    joined_entry(&mut tx, invitation, user_id, "caregiver.joined", client_addr).await?;
    tx.commit().await?;
    Ok(Some(user_id))
}

/// The caregiver who holds the email proved it: their account is linked to the patient.
/// Answers false if the code was used meanwhile.
pub async fn join_existing(db: &Db, invitation: &Invitation, user_id: i64, client_addr: &str) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    if !claim(&mut tx, invitation, Some(user_id)).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    link_caregiver(&mut *tx, user_id, invitation.patient_id, invitation.created_by).await?;
    joined_entry(&mut tx, invitation, user_id, "caregiver.linked", client_addr).await?;
    tx.commit().await?;
    Ok(true)
}

async fn joined_entry(
    conn: &mut AnyConnection,
    invitation: &Invitation,
    user_id: i64,
    action: &str,
    client_addr: &str,
) -> Result<()> {
    let actor = caregiver(user_id);
    let subject = format!("invitation:{}", invitation.id);
    let entry = Entry::new(action, client_addr)
        .by(&actor)
        .about(invitation.patient_id)
        .subject(subject.as_str());
    record_in(conn, entry).await
}
