//! Private calendar feeds (`app::domain::timeline::calendar_feed`): a patient's of their own
//! visits, a caregiver's of the patient they look after. Made, shown again and revoked in
//! settings; read by calendar apps, without a session, from an address holding a random
//! token. Each read checks again that the person may still read the patient (a revoked
//! caregiver's feed goes quiet at once) and is audit-logged at most once a day per feed.
use super::{audit_entry, timeline, timeline_views, Services};
use crate::{
    auth::tokens,
    secrets::Purpose,
    storage::{accounts, audit::Entry, calendar_feeds as store},
    zones,
};
use app::{
    api::calendar::CalendarFeedRow,
    backend::RequestContext,
    domain::{
        access::{may_read_patient, PatientRecord},
        role::Role,
        timeline::calendar_feed::{self, Shown},
    },
    error::AppError,
    i18n::{t, Locale, Msg},
    pages::timeline_labels::milestone_name_in,
};

/// Where a feed is read: `/calendar/{token}/visits.ics`.
pub fn address(services: &Services, token: &str) -> String {
    format!("{}/calendar/{token}/visits.ics", services.public_url)
}

/// The patients whose feed the viewer may have: a patient their own, a caregiver each
/// patient they look after. Staff have none.
fn feed_patients(request: &RequestContext) -> Result<Vec<i64>, AppError> {
    let actor = &request.viewer()?.actor;
    match actor.role {
        Role::Patient => Ok(vec![actor.user_id]),
        Role::Caregiver => Ok(actor.linked_patient_ids.clone()),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn list(services: &Services, request: &RequestContext) -> Result<Vec<CalendarFeedRow>, AppError> {
    let viewer = request.viewer()?;
    let patients = feed_patients(request)?;
    let feeds = store::of_user(&services.db, viewer.actor.user_id).await?;
    let mut rows = Vec::with_capacity(patients.len());
    for patient_id in patients {
        let feed = feeds.iter().find(|f| f.patient_id == patient_id);
        let token = match feed {
            Some(feed) => Some(
                services
                    .secrets
                    .open(Purpose::CalendarToken, &feed.token_sealed)
                    .map_err(|error| {
                        tracing::error!(%error, feed = feed.id, "a calendar token does not open");
                        AppError::Unavailable
                    })?
                    .plain,
            ),
            None => None,
        };
        let patient_name = match viewer.actor.role {
            Role::Caregiver => accounts::patient_name(&services.db, patient_id).await?,
            _ => None,
        };
        rows.push(CalendarFeedRow {
            patient_id,
            patient_name,
            address: token.map(|token| address(services, &token)),
            detailed: feed.is_some_and(|f| f.detailed),
        });
    }
    Ok(rows)
}

/// A new address for the viewer's feed of this patient; the old one stops working.
pub async fn make(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    detailed: bool,
) -> Result<(), AppError> {
    let user_id = request.viewer()?.actor.user_id;
    if !feed_patients(request)?.contains(&patient_id) {
        return Err(AppError::Forbidden);
    }
    let token = tokens::new_session_token();
    let new = store::NewFeed {
        user_id,
        patient_id,
        token_digest: &tokens::digest(&token),
        token_sealed: &services.secrets.seal(Purpose::CalendarToken, &token),
        detailed,
    };
    store::replace(
        &services.db,
        &new,
        audit_entry(request, "calendar.make").about(patient_id),
    )
    .await?;
    Ok(())
}

pub async fn revoke(services: &Services, request: &RequestContext, patient_id: i64) -> Result<(), AppError> {
    let user_id = request.viewer()?.actor.user_id;
    if !feed_patients(request)?.contains(&patient_id) {
        return Err(AppError::Forbidden);
    }
    let entry = audit_entry(request, "calendar.revoke").about(patient_id);
    let revoked = store::revoke(&services.db, user_id, patient_id, entry).await?;
    revoked.then_some(()).ok_or(AppError::NotFound)
}

/// The feed's text for a calendar app. An unknown or revoked token, a closed account or a
/// person who may no longer read the patient all answer "not found", alike.
pub async fn read(services: &Services, token: &str, client_addr: &str) -> Result<String, AppError> {
    // A token is 43 URL-safe characters; anything else is not looked up.
    let well_formed = token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(AppError::NotFound);
    }
    let feed = store::by_digest(&services.db, &tokens::digest(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let account = accounts::account(&services.db, feed.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let patient_id = feed.patient_id;
    let centre_id = accounts::patient_centre(&services.db, patient_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if account.inactive || !may_read_patient(&account.actor, PatientRecord { patient_id, centre_id }) {
        return Err(AppError::NotFound);
    }
    let now = services.clock.now();
    let zone = timeline_views::centre_zone(services, centre_id).await?;
    let today = zones::local(now, zone)
        .map(|(day, _, _)| day.to_string())
        .unwrap_or_default();
    let entry = Entry::new("calendar.read", client_addr)
        .by(&account.actor)
        .about(patient_id);
    store::note_read(&services.db, feed.id, &today, entry).await?;
    let events = match timeline::latest(services, patient_id).await? {
        // A closed treatment (withdrawn, transferred, deceased, completed) has no more visits
        // to show here.
        Some(stored) if !stored.status.is_closed() => {
            let times = instants(&stored);
            let locale = account.locale;
            calendar_feed::events(stored.id, stored.version, &stored.timeline, &times, |m, shown| {
                if feed.detailed {
                    milestone_name_in(locale, m.kind, &m.key)
                } else {
                    neutral(locale, shown)
                }
            })
        }
        _ => Vec::new(),
    };
    let stamp = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    Ok(calendar_feed::ics(t(account.locale, Msg::CalendarName), &events, stamp))
}

/// Each milestone's instant: when it happened, else when it is planned, where it has an hour.
fn instants(stored: &crate::storage::timeline::StoredTreatment) -> Vec<Option<i64>> {
    (0..stored.timeline.milestones.len())
        .map(|i| {
            let done = stored.timeline.milestones[i].actual_on.is_some();
            let at = if done { &stored.actual_at } else { &stored.planned_at };
            at.get(i).copied().flatten()
        })
        .collect()
}

fn neutral(locale: Locale, shown: Shown) -> String {
    t(
        locale,
        match shown {
            Shown::Visit => Msg::CalendarVisit,
            Shown::TravelFree => Msg::CalendarTravelFree,
            Shown::DrivingFree => Msg::CalendarDrivingFree,
        },
    )
    .to_string()
}
