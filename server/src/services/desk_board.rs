//! The nurses' board: one page of the centre's patients, searched, filtered and sorted in
//! the database, each patient on the page audit-logged. And the scheduled count of missed
//! check-ins the board filters on, run once across instances like the silence watch.
use super::{checkin_windows::due_for, flags::nurse_centre, Services};
use crate::{
    storage::{self, audit, desk_board as store, scheduled_jobs},
    zones,
};
use app::{
    api::desk::{BoardPage, DeskRow},
    backend::RequestContext,
    domain::{
        checkins::{Respondent, WindowState},
        desk_board::{pages, BoardFilter, BoardQuery},
    },
    error::AppError,
};

pub async fn page(services: &Services, request: &RequestContext, query: BoardQuery) -> Result<BoardPage, AppError> {
    let actor = &request.viewer()?.actor;
    let centre_id = nurse_centre(actor)?;
    let filter = BoardFilter::parse(&query).map_err(AppError::Invalid)?;
    let zone = super::timeline_views::centre_zone(services, centre_id).await?;
    let today = zones::today_in(zone).to_string();
    let (records, total) = store::page(&services.db, centre_id, actor.user_id, &filter).await?;
    let listed: Vec<i64> = records.iter().map(|r| r.patient_id).collect();
    audit::record_reads(&services.db, actor, "desk.board", &listed, &request.facts.client_addr).await?;
    let rows = records
        .into_iter()
        .map(|r| DeskRow {
            patient_id: r.patient_id,
            name: r.name,
            order_reference: r.order_reference,
            product_name: r
                .product_name
                .map(|p| p.split(" (").next().unwrap_or_default().to_string()),
            stage: r.stage,
            next_kind: r.next_kind,
            next_key: r.next_key,
            // ISO dates compare as text.
            late: r.next_on.as_deref().is_some_and(|on| on < today.as_str()),
            next_on: r.next_on,
            delayed: r.delayed,
            conflict: r.conflict,
            nurse: r.nurse,
            admitted: r.admitted,
            open_flags: r.open_flags,
            worst_flag: r.worst_flag,
            missed: r.missed,
        })
        .collect();
    Ok(BoardPage {
        rows,
        total,
        page: filter.page,
        pages: pages(total),
    })
}

/// The job's name in `scheduled_jobs`.
pub const MISSED_JOB: &str = "missed_checkins";
pub const MISSED_EVERY_SECONDS: i64 = 300;

/// Counts, for every active treatment, the patient's own check-ins of the past week whose
/// window closed unanswered, if it is this instance's turn: `None` when it was not.
pub async fn count_missed(services: &Services) -> storage::Result<Option<usize>> {
    let now = services.clock.now();
    let token = rand::random::<i64>() & i64::MAX;
    if !scheduled_jobs::claim(&services.db, MISSED_JOB, now, now + 2 * MISSED_EVERY_SECONDS, token).await? {
        return Ok(None);
    }
    let counted = missed_per_treatment(services).await;
    scheduled_jobs::finish(&services.db, MISSED_JOB, token, now, now + MISSED_EVERY_SECONDS).await?;
    let counts = counted?;
    Ok(Some(store::set_missed(&services.db, &counts).await?))
}

async fn missed_per_treatment(services: &Services) -> storage::Result<Vec<(i64, i64)>> {
    let mut counts = Vec::new();
    for (treatment_id, patient_id) in store::active_treatments(&services.db).await? {
        let missed = match due_for(services, patient_id, patient_id, &[Respondent::Patient]).await {
            Ok(due) => due.iter().filter(|d| d.state == WindowState::Overdue).count() as i64,
            // One patient's unreadable timeline must not stop the others' counts.
            Err(error) => {
                tracing::warn!(?error, patient_id, "could not count missed check-ins");
                continue;
            }
        };
        counts.push((treatment_id, missed));
    }
    Ok(counts)
}
