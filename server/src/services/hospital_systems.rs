//! Admin: the hospital systems red flags are told to. Origins are listed exactly; a webhook's
//! address must be on one; its secret is shown once and kept sealed; the deliveries are shown
//! by state and status, never by content (the message names a patient by number).
use super::{audit_entry, integrations::admin, Services};
use crate::{
    hospital_webhooks::origins::{check_target, parse_origin},
    storage::{centres, hospital_deliveries, hospital_webhooks},
    webhook_signatures,
};
use app::{
    api::{
        hospital::{
            DeliveryRow, DeliveryState, HospitalSystemsView, HospitalWebhookForm, HospitalWebhookRow, OriginRow,
        },
        journeys::IssuedSecret,
    },
    backend::RequestContext,
    domain::validation::{required_text, FieldProblem, Problem},
    error::AppError,
};

/// Deliveries the page lists, newest first.
const RECENT_DELIVERIES: i64 = 100;

fn day(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.date_naive().to_string())
        .unwrap_or_default()
}

fn minute(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Invalid(vec![FieldProblem::new(field, problem)])
}

async fn view(services: &Services, request: &RequestContext) -> Result<HospitalSystemsView, AppError> {
    admin(request)?;
    let db = &services.db;
    let centres = centres::list(db, None).await?;
    let centre_name = |id: i64| {
        centres
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let origins = hospital_webhooks::origins(db).await?.into_iter().map(|o| OriginRow {
        id: o.id,
        origin: o.origin,
        added_on: day(o.added_at),
    });
    let webhooks = hospital_webhooks::list(db)
        .await?
        .into_iter()
        .map(|w| HospitalWebhookRow {
            id: w.id,
            name: w.name,
            url: w.url,
            centre: w.centre_id.map(centre_name),
            created_on: day(w.created_at),
            stopped: w.revoked,
        });
    let deliveries = hospital_deliveries::recent(db, RECENT_DELIVERIES)
        .await?
        .into_iter()
        .map(|d| DeliveryRow {
            id: d.id,
            webhook: d.webhook,
            flag_id: d.flag_id,
            state: DeliveryState::parse(&d.state).unwrap_or(DeliveryState::Failed),
            attempts: d.attempts,
            queued_at: minute(d.created_at),
            next_at: minute(d.next_at),
            last_status: d.last_status.and_then(|s| u16::try_from(s).ok()),
        });
    Ok(HospitalSystemsView {
        origins: origins.collect(),
        webhooks: webhooks.collect(),
        deliveries: deliveries.collect(),
    })
}

async fn add_origin(services: &Services, request: &RequestContext, raw: String) -> Result<(), AppError> {
    let actor = admin(request)?;
    let origin = parse_origin(&raw, &services.plain_http_origins).map_err(|p| invalid("origin", p))?;
    let entry = audit_entry(request, "hospital_origin.created").subject(origin.as_str());
    match hospital_webhooks::add_origin(&services.db, &origin, actor.user_id, entry).await {
        Err(crate::storage::StorageError::NameTaken) => Ok(()),
        other => other.map(|_| ()).map_err(AppError::from),
    }
}

async fn remove_origin(services: &Services, request: &RequestContext, id: i64) -> Result<(), AppError> {
    admin(request)?;
    let entry = audit_entry(request, "hospital_origin.removed");
    if hospital_webhooks::remove_origin(&services.db, id, entry).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The form's fields, each checked; every problem at once.
async fn webhook_fields(
    services: &Services,
    form: &HospitalWebhookForm,
) -> Result<(String, String, Option<i64>), AppError> {
    let mut problems = Vec::new();
    let name = required_text(&form.name, 100).map_err(|p| problems.push(FieldProblem::new("name", p)));
    let allowed = hospital_webhooks::allowed_origins(&services.db).await?;
    let url = check_target(&form.url, &allowed, &services.plain_http_origins)
        .map_err(|p| problems.push(FieldProblem::new("url", p)));
    let centre = match form.centre.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) if centres::time_zone(&services.db, id).await?.is_some() => Some(id),
            _ => {
                problems.push(FieldProblem::new("centre", Problem::ChoiceInvalid));
                None
            }
        },
    };
    match (name, url) {
        (Ok(name), Ok(url)) if problems.is_empty() => Ok((name, url, centre)),
        _ => Err(AppError::Invalid(problems)),
    }
}

async fn create_webhook(
    services: &Services,
    request: &RequestContext,
    form: HospitalWebhookForm,
) -> Result<IssuedSecret, AppError> {
    let actor = admin(request)?;
    let (name, url, centre_id) = webhook_fields(services, &form).await?;
    let secret = webhook_signatures::new_secret();
    let sealed = services
        .secrets
        .seal(crate::secrets::Purpose::HospitalWebhookSecret, &secret);
    let new = hospital_webhooks::NewWebhook {
        name: &name,
        url: &url,
        secret: &sealed,
        centre_id,
    };
    let entry = audit_entry(request, "hospital_webhook.created");
    hospital_webhooks::create(&services.db, &new, actor.user_id, entry).await?;
    Ok(IssuedSecret { name, secret })
}

async fn stop_webhook(services: &Services, request: &RequestContext, id: i64) -> Result<(), AppError> {
    admin(request)?;
    let entry = audit_entry(request, "hospital_webhook.revoked");
    if hospital_webhooks::revoke(&services.db, id, entry).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[async_trait::async_trait]
impl app::backend::HospitalSystems for Services {
    async fn hospital_systems(&self, request: &RequestContext) -> Result<HospitalSystemsView, AppError> {
        view(self, request).await
    }

    async fn add_origin(&self, request: &RequestContext, origin: String) -> Result<(), AppError> {
        add_origin(self, request, origin).await
    }

    async fn remove_origin(&self, request: &RequestContext, id: i64) -> Result<(), AppError> {
        remove_origin(self, request, id).await
    }

    async fn create_hospital_webhook(
        &self,
        request: &RequestContext,
        form: HospitalWebhookForm,
    ) -> Result<IssuedSecret, AppError> {
        create_webhook(self, request, form).await
    }

    async fn stop_hospital_webhook(&self, request: &RequestContext, id: i64) -> Result<(), AppError> {
        stop_webhook(self, request, id).await
    }

    async fn hospital_number(&self, request: &RequestContext, patient_id: i64) -> Result<Option<String>, AppError> {
        super::hospital_number::read(self, request, patient_id).await
    }

    async fn set_hospital_number(
        &self,
        request: &RequestContext,
        patient_id: i64,
        number: String,
    ) -> Result<Option<String>, AppError> {
        super::hospital_number::set(self, request, patient_id, &number).await
    }
}
