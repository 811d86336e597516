//! The account a person signed in through the provider uses ([`account_for`]):
//!
//! - the one linked to them (issuer and subject) before;
//! - else the staff account with their email, linked now (the hospital's provider vouches
//!   for its own staff's addresses);
//! - else a new staff account, created only because their claims map to a role.
//!
//! Their role and centre follow the claims at every sign-in, so that the hospital's groups
//! stay the truth. A patient's or a caregiver's account is never taken, nor a switched-off
//! one. Each link, creation and change is audit-logged.
use super::provider::Person;
use crate::storage::{
    self,
    accounts::{create_user, NewUser},
    audit::{record_in, Entry},
    sso, Db,
};
use app::{domain::role::Role, feedback::Feedback, i18n::Locale};

/// The account to sign in, or the reason there is none.
pub async fn account_for(
    db: &Db,
    issuer: &str,
    person: &Person,
    (role, centre): (Role, Option<i64>),
    client_addr: &str,
) -> anyhow::Result<Result<i64, Feedback>> {
    let existing = match sso::linked_account(db, issuer, &person.subject).await? {
        Some(user) => Some((user, true)),
        None => match &person.email {
            Some(email) => storage::accounts::credentials_by_email(db, email)
                .await?
                .map(|c| (c.user_id, false)),
            None => None,
        },
    };
    let Some((user_id, linked)) = existing else {
        return Ok(created(db, issuer, person, (role, centre), client_addr).await?);
    };
    match storage::account_controls::controls(db, user_id).await? {
        Some(c) if c.role.is_staff() && !c.deactivated => {}
        _ => return Ok(Err(Feedback::SsoAccountRefused)),
    }
    let subject = format!("user:{user_id}");
    let mut tx = db.pool.begin().await?;
    if !linked {
        sso::link(&mut tx, issuer, &person.subject, user_id).await?;
        record_in(
            &mut tx,
            Entry::new("account.linked_to_provider", client_addr).subject(subject.as_str()),
        )
        .await?;
    }
    if sso::set_role(&mut tx, user_id, role.as_str(), centre).await? {
        record_in(
            &mut tx,
            Entry::new("account.role_from_provider", client_addr).subject(subject.as_str()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(user_id))
}

/// A new staff account for a person the provider vouches for, linked at once.
async fn created(
    db: &Db,
    issuer: &str,
    person: &Person,
    (role, centre): (Role, Option<i64>),
    client_addr: &str,
) -> anyhow::Result<Result<i64, Feedback>> {
    let Some(email) = &person.email else {
        // An account is reached by its email (codes, the audit log): none, no account.
        return Ok(Err(Feedback::SsoAccountRefused));
    };
    let name = person.name.clone().unwrap_or_else(|| email.clone());
    let mut tx = db.pool.begin().await?;
    let user_id = create_user(
        &mut *tx,
        &NewUser {
            role,
            email,
            display_name: &name,
            centre_id: centre,
            locale: Locale::En,
            time_zone: None,
            is_demo: false,
        },
    )
    .await?;
    sso::link(&mut tx, issuer, &person.subject, user_id).await?;
    let subject = format!("user:{user_id}");
    record_in(
        &mut tx,
        Entry::new("staff.created_by_provider", client_addr).subject(subject.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(user_id))
}
