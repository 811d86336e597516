//! The account a person signed in through the provider uses ([`account_for`]):
//!
//! - the one linked to them (issuer and subject) before;
//! - else the staff account with their email, linked now, if the provider says it checked
//!   the address (`email_verified`), the account is linked to no one else, and it is not a
//!   break-glass account (kept apart from the provider on purpose);
//! - else a new staff account, created only because their claims map to a role, and only
//!   for a checked address.
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
    mapped: (Role, Option<i64>),
    break_glass: &[String],
    client_addr: &str,
) -> anyhow::Result<Result<i64, Feedback>> {
    if let Some(user_id) = sso::linked_account(db, issuer, &person.subject).await? {
        return updated(db, user_id, None, mapped, client_addr).await;
    }
    let Some(email) = person.email.as_ref().filter(|_| person.email_verified) else {
        // An account is reached by its email (codes, the audit log): none checked, none.
        return Ok(Err(Feedback::SsoAccountRefused));
    };
    match storage::accounts::credentials_by_email(db, email).await? {
        None => Ok(created(db, issuer, person, email, mapped, client_addr).await?),
        Some(c) if break_glass.contains(email) || sso::is_linked(db, c.user_id).await? => {
            Ok(Err(Feedback::SsoAccountRefused))
        }
        Some(c) => {
            updated(
                db,
                c.user_id,
                Some((issuer, person.subject.as_str())),
                mapped,
                client_addr,
            )
            .await
        }
    }
}

/// An existing staff account: linked now to `link` (issuer, subject) if given, its role and
/// centre brought in line with the claims.
async fn updated(
    db: &Db,
    user_id: i64,
    link: Option<(&str, &str)>,
    (role, centre): (Role, Option<i64>),
    client_addr: &str,
) -> anyhow::Result<Result<i64, Feedback>> {
    match storage::account_controls::controls(db, user_id).await? {
        Some(c) if c.role.is_staff() && !c.deactivated => {}
        _ => return Ok(Err(Feedback::SsoAccountRefused)),
    }
    let subject = format!("user:{user_id}");
    let mut tx = db.pool.begin().await?;
    if let Some((issuer, person)) = link {
        sso::link(&mut tx, issuer, person, user_id).await?;
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
    email: &str,
    (role, centre): (Role, Option<i64>),
    client_addr: &str,
) -> anyhow::Result<Result<i64, Feedback>> {
    let name = person.name.clone().unwrap_or_else(|| email.to_string());
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
