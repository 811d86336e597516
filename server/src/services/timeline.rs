//! Timelines, authorised and audit-logged here: patients and their caregivers read their
//! own, nurses read and change those of their centre.
use super::{
    audit_entry,
    timeline_change::{self, Change, ChangeError, ChangedBy},
    timeline_views as views, Services,
};
use crate::{
    storage::{
        accounts, audit,
        timeline::{self as store, NewTreatment, StoredTreatment},
        Db,
    },
    zones,
};
use app::{
    api::timeline::{BoardRow, ChangeForm, ChangePreview, ChangeView, TimelineView, TreatmentForm},
    backend::RequestContext,
    domain::{
        access::{may_manage_patients_of, may_read_patient, Actor, PatientRecord},
        timeline::{self as domain, delay_reason::DelayReason, Action, EditError, Timeline, TreatmentStatus},
        validation::{required_date, required_text, FieldProblem, Problem},
    },
    error::AppError,
};
use chrono::NaiveDate;

/// The patient's centre, if the actor may read their record; otherwise Forbidden (unknown
/// and forbidden look the same from outside).
pub(crate) async fn readable(services: &Services, actor: &Actor, patient_id: i64) -> Result<i64, AppError> {
    let centre_id = accounts::patient_centre(&services.db, patient_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    if may_read_patient(actor, PatientRecord { patient_id, centre_id }) {
        Ok(centre_id)
    } else {
        Err(AppError::Forbidden)
    }
}

pub(crate) async fn managed(services: &Services, actor: &Actor, patient_id: i64) -> Result<i64, AppError> {
    let centre_id = readable(services, actor, patient_id).await?;
    if may_manage_patients_of(actor, centre_id) {
        Ok(centre_id)
    } else {
        Err(AppError::Forbidden)
    }
}

pub(crate) async fn latest(services: &Services, patient_id: i64) -> Result<Option<StoredTreatment>, AppError> {
    store::load_latest_of_patient(&services.db, patient_id)
        .await
        .map_err(AppError::from)
}

pub async fn read(services: &Services, request: &RequestContext, patient_id: i64) -> Result<TimelineView, AppError> {
    let viewer = request.viewer()?;
    let centre_id = readable(services, &viewer.actor, patient_id).await?;
    audit::record(&services.db, audit_entry(request, "timeline.read").about(patient_id)).await?;
    let treatment = latest(services, patient_id).await?;
    views::timeline_view(services, viewer, centre_id, patient_id, treatment.as_ref()).await
}

pub async fn board(services: &Services, request: &RequestContext) -> Result<Vec<BoardRow>, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = actor
        .centre_id
        .filter(|c| may_manage_patients_of(actor, *c))
        .ok_or(AppError::Forbidden)?;
    let zone = views::centre_zone(services, centre_id).await?;
    audited_board(
        &services.db,
        actor,
        "timeline.board",
        centre_id,
        zones::today_in(zone),
        &request.facts.client_addr,
    )
    .await
}

/// The centre's list, and one audit entry per patient on it; nothing is shown if the audit
/// fails. The two run at once. Patients never leave a centre, so the entries cover everyone
/// listed, unless someone was enrolled between the two: then the list is longer than the
/// entries, and everyone on it is recorded again rather than anyone left out.
pub async fn audited_board(
    db: &Db,
    actor: &Actor,
    action: &str,
    centre_id: i64,
    today: NaiveDate,
    client_addr: &str,
) -> Result<Vec<BoardRow>, AppError> {
    let (audited, rows) = tokio::try_join!(
        audit::record_centre_reads(db, actor, action, centre_id, client_addr),
        crate::storage::timeline_board::board(db, centre_id, today),
    )?;
    if rows.len() as u64 > audited {
        let listed: Vec<i64> = rows.iter().map(|r| r.patient_id).collect();
        audit::record_reads(db, actor, action, &listed, client_addr).await?;
    }
    Ok(rows)
}

/// An order reference is the chain-of-identity id: letters, digits and - _ . / only, and
/// never the patient's name.
fn order_reference(raw: &str, patient_name: &str) -> Result<String, Problem> {
    let value = required_text(raw, 64)?;
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
        return Err(Problem::OrderReferenceInvalid);
    }
    let lower = value.to_lowercase();
    let names_patient = patient_name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| part.chars().count() >= 3)
        .any(|part| lower.contains(&part.to_lowercase()));
    if names_patient {
        return Err(Problem::OrderReferenceHasName);
    }
    Ok(value)
}

pub async fn start(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    form: TreatmentForm,
) -> Result<(), AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = managed(services, actor, patient_id).await?;
    let centre = views::centre_profile(services, centre_id).await?;
    let today = zones::today_in(zones::zone_or_utc(&centre.time_zone));
    let patient_name = accounts::patient_name(&services.db, patient_id)
        .await?
        .unwrap_or_default();
    let mut problems = Vec::new();
    let product = services.catalogue.product(form.product_id.trim());
    if product.is_none() {
        problems.push(FieldProblem::new("product_id", Problem::ChoiceInvalid));
    }
    let reference = order_reference(&form.order_reference, &patient_name)
        .map_err(|p| problems.push(FieldProblem::new("order_reference", p)))
        .ok();
    let start_on = required_date(&form.start_on)
        .and_then(|d| {
            if (d - today).num_days().abs() > 365 {
                Err(Problem::DateTooFar)
            } else {
                Ok(d)
            }
        })
        .map_err(|p| problems.push(FieldProblem::new("start_on", p)))
        .ok();
    let (Some(product), Some(reference), Some(start_on)) = (product, reference, start_on) else {
        return Err(AppError::Invalid(problems));
    };
    let plan = services
        .catalogue
        .plan_for(&product.id, &centre.country)
        .ok_or(AppError::Unavailable)?;
    let timeline = Timeline::new(plan, start_on);
    let summary = domain::summary(&timeline);
    let planned_at = views::planned_instants(&timeline, &centre.time_zone);
    let new = NewTreatment {
        patient_id,
        product_id: &product.id,
        product_name: &product.name,
        template_id: &product.template,
        order_reference: &reference,
        timeline: &timeline,
        planned_at: &planned_at,
        summary: &summary,
    };
    let zone = zones::zone_or_utc(&centre.time_zone);
    let reminders = super::reminders::plan_for(services, patient_id, zone, None, Some(&timeline), today).await?;
    store::create(
        &services.db,
        &new,
        audit_entry(request, "treatment.started").about(patient_id),
        Some(actor.user_id),
        &reminders,
    )
    .await?;
    Ok(())
}

fn parse_action(form: &ChangeForm) -> Result<Action, Vec<FieldProblem>> {
    let date = || required_date(&form.date).map_err(|p| vec![FieldProblem::new("date", p)]);
    match form.action.trim() {
        "set" => Ok(Action::Set(date()?)),
        "confirm" => Ok(Action::Confirm(date()?)),
        "delay" => Ok(Action::Delay(date()?)),
        "done" => Ok(Action::Done(date()?)),
        "cancel" => Ok(Action::Cancel),
        "remanufacture" => Ok(Action::Remanufacture(date()?)),
        _ => Err(vec![FieldProblem::new("action", Problem::ChoiceInvalid)]),
    }
}

/// Previews a nurse's change, or saves it: the same checks, the same answer.
pub async fn change(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    form: ChangeForm,
    commit: bool,
) -> Result<ChangePreview, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = managed(services, actor, patient_id).await?;
    let stored = latest(services, patient_id).await?.ok_or(AppError::NotFound)?;
    if stored.status.is_closed() {
        return Err(AppError::Timeline(EditError::TreatmentClosed));
    }
    let action = parse_action(&form).map_err(AppError::Invalid)?;
    // Only a delay carries a reason; the editor's choice is left aside for any other action.
    let delay_reason = match action {
        Action::Delay(_) => DelayReason::from_field(&form.delay_reason)
            .map_err(|p| AppError::Invalid(vec![FieldProblem::new("delay_reason", p)]))?,
        _ => None,
    };
    let reason = if commit {
        Some(required_text(&form.reason, 500).map_err(|p| AppError::Invalid(vec![FieldProblem::new("reason", p)]))?)
    } else {
        None
    };
    if commit && form.version.trim() != stored.version.to_string() {
        return Err(AppError::Stale);
    }
    let centre = views::centre_profile(services, centre_id).await?;
    let change = Change {
        stored: &stored,
        centre: &centre,
        milestone: form.milestone.trim(),
        action,
        action_name: form.action.trim(),
        reason: reason.as_deref().unwrap_or_default(),
        delay_reason,
        by: ChangedBy::Nurse {
            actor_id: actor.user_id,
        },
        audit: audit_entry(request, "timeline.changed").about(patient_id),
    };
    let outcome = if commit {
        timeline_change::apply_and_save(services, change)
            .await
            .map_err(change_failed)?
            .outcome
    } else {
        let outcome = timeline_change::outcome(&change).map_err(AppError::Timeline)?;
        audit::record(&services.db, audit_entry(request, "timeline.preview").about(patient_id)).await?;
        outcome
    };
    Ok(views::preview(&stored.timeline, &outcome))
}

fn change_failed(error: ChangeError) -> AppError {
    match error {
        ChangeError::Edit(error) => AppError::Timeline(error),
        ChangeError::Planning(error) => error,
        ChangeError::Store(error) => error.into(),
    }
}

pub async fn history(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
) -> Result<Vec<ChangeView>, AppError> {
    let viewer = request.viewer()?;
    let centre_id = managed(services, &viewer.actor, patient_id).await?;
    let Some(id) = store::latest_of_patient(&services.db, patient_id).await? else {
        return Ok(Vec::new());
    };
    audit::record(&services.db, audit_entry(request, "timeline.history").about(patient_id)).await?;
    let zone = super::accounts::viewer_zone(services, &viewer, centre_id).await?;
    crate::storage::timeline_board::history(&services.db, id, zone)
        .await
        .map_err(AppError::from)
}

/// Any date: a closed treatment's plan does not depend on it.
fn today_any() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

pub async fn close(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    status: String,
    reason: String,
) -> Result<(), AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    managed(services, actor, patient_id).await?;
    let status = TreatmentStatus::parse(status.trim())
        .filter(|s| s.is_closed())
        .ok_or_else(|| AppError::Invalid(vec![FieldProblem::new("status", Problem::ChoiceInvalid)]))?;
    let reason = required_text(&reason, 500).map_err(|p| AppError::Invalid(vec![FieldProblem::new("reason", p)]))?;
    let stored = latest(services, patient_id).await?.ok_or(AppError::NotFound)?;
    if stored.status.is_closed() {
        return Err(AppError::Timeline(EditError::TreatmentClosed));
    }
    let reminders =
        super::reminders::plan_for(services, patient_id, chrono_tz::Tz::UTC, None, None, today_any()).await?;
    store::close(
        &services.db,
        &stored,
        status,
        &reason,
        audit_entry(request, "treatment.closed").about(patient_id),
        actor.user_id,
        &reminders,
    )
    .await
    .map_err(AppError::from)
}
