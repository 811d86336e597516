//! Confirming accounts that wait for a second person, and deactivating accounts. The rules
//! are `app::domain::account_controls`; every step is audit-logged.
use super::{audit_entry, Services};
use crate::storage::account_controls as store;
use app::{
    api::accounts::AwaitingRow,
    backend::RequestContext,
    domain::account_controls::{may_confirm, may_set_active, Awaiting},
    error::AppError,
};

/// What this person may confirm: for a nurse, their centre's nurses; for an admin, every
/// waiting account but those they made wait.
pub async fn awaiting(services: &Services, request: &RequestContext) -> Result<Vec<AwaitingRow>, AppError> {
    let actor = &request.viewer()?.actor;
    if !matches!(
        actor.role,
        app::domain::role::Role::Admin | app::domain::role::Role::Nurse
    ) {
        return Err(AppError::Forbidden);
    }
    Ok(store::awaiting(&services.db)
        .await?
        .into_iter()
        .filter(|(row, by)| may_confirm(actor, &awaiting_of(row, *by)))
        .map(|(row, _)| row)
        .collect())
}

fn awaiting_of(row: &AwaitingRow, by: Option<i64>) -> Awaiting {
    Awaiting {
        user_id: row.id,
        role: row.role,
        centre_id: row.centre_id,
        awaiting_by: by,
    }
}

pub async fn confirm(services: &Services, request: &RequestContext, user_id: i64) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    // Not waiting, unknown, or not this person's to confirm: one answer, so that nothing is
    // learnt about accounts one may not confirm.
    let controls = store::controls(&services.db, user_id).await?.filter(|c| c.awaiting);
    let allowed = controls.is_some_and(|c| {
        may_confirm(
            actor,
            &Awaiting {
                user_id,
                role: c.role,
                centre_id: c.centre_id,
                awaiting_by: c.awaiting_by,
            },
        )
    });
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let subject = format!("user:{user_id}");
    store::confirm(
        &services.db,
        user_id,
        audit_entry(request, "account.confirmed").subject(subject.as_str()),
    )
    .await?;
    Ok(())
}

pub async fn set_active(
    services: &Services,
    request: &RequestContext,
    user_id: i64,
    active: bool,
) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    if !may_set_active(actor, user_id) || store::controls(&services.db, user_id).await?.is_none() {
        return Err(AppError::Forbidden);
    }
    let action = if active {
        "account.reactivated"
    } else {
        "account.deactivated"
    };
    let subject = format!("user:{user_id}");
    store::set_active(
        &services.db,
        user_id,
        active,
        audit_entry(request, action).subject(subject.as_str()),
    )
    .await?;
    Ok(())
}
