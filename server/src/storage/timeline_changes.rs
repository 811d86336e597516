//! Changes to a timeline: each is written in one transaction with its history, its audit
//! entry and (for a webhook) the delivery it came from, or not at all. A change made on an
//! older version of the timeline is refused as stale, never merged.
use super::{
    audit::Entry,
    is_unique_violation, now,
    timeline::{write_summary_sql, StoredTreatment},
    Db, Result, StorageError,
};
use app::domain::timeline::{MilestoneKind, Notice, Outcome, Source, Summary, TreatmentStatus};
use sqlx::{Any, Row, Transaction};

/// Who made a change and why; written beside it.
pub struct ChangeRecord<'a> {
    pub source: Source,
    pub actor_id: Option<i64>,
    pub integration_id: Option<i64>,
    pub action: &'a str,
    pub milestone_key: Option<&'a str>,
    pub reason: &'a str,
    /// A delay's coded reason (`app::domain::timeline::delay_reason`), as stored.
    pub delay_reason: Option<&'a str>,
    pub audit: Entry<'a>,
    /// The webhook this change answers, recorded in the same transaction.
    pub delivery: Option<Delivery<'a>>,
    /// The reminders as the changed timeline calls for them, synced in the same transaction.
    pub reminders: &'a super::reminders::ReminderPlan,
}

pub struct Delivery<'a> {
    pub integration_id: i64,
    pub webhook_id: &'a str,
    pub status: u16,
    pub response: &'a str,
}

/// Writes what a change did: the milestones it moved, their history, the summary, the
/// audit entry and the webhook delivery, or nothing at all.
pub async fn save_change(
    db: &Db,
    stored: &StoredTreatment,
    outcome: &Outcome,
    planned_at: &[Option<i64>],
    // The instant the changed milestone was done: `(index, Some(at))` as reported, or
    // `(index, None)` when it was re-dated without an hour (its old hour no longer holds).
    actual_at: Option<(usize, Option<i64>)>,
    summary: &Summary,
    change: ChangeRecord<'_>,
) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    if let Some(d) = &change.delivery {
        record_delivery(&mut tx, d).await?;
    }
    let bumped = sqlx::query(write_summary_sql())
        .bind(summary.stage.as_str())
        .bind(summary.next_key.clone())
        .bind(summary.next_on.map(|d| d.to_string()))
        .bind(i64::from(summary.delayed))
        .bind(i64::from(summary.conflict))
        .bind(summary.infusion_on.map(|d| d.to_string()))
        .bind(stored.id)
        .bind(stored.version)
        .bind(summary.next_kind.map(MilestoneKind::as_str))
        .execute(&mut *tx)
        .await?;
    if bumped.rows_affected() != 1 {
        return Err(StorageError::Stale);
    }
    let notice: Option<&Notice> = outcome.notice.as_ref();
    let change_id: i64 = sqlx::query("INSERT INTO timeline_changes (treatment_id, at, source, actor_id, integration_id, action, milestone_key, reason, notice_key, notice_kind, notice_from, notice_to, delay_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
        .bind(stored.id)
        .bind(now())
        .bind(change.source.as_str())
        .bind(change.actor_id)
        .bind(change.integration_id)
        .bind(change.action)
        .bind(change.milestone_key)
        .bind(change.reason)
        .bind(notice.map(|n| n.key.clone()))
        .bind(notice.map(|n| n.kind.as_str()))
        .bind(notice.map(|n| n.from.to_string()))
        .bind(notice.map(|n| n.to.to_string()))
        .bind(change.delay_reason)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
    for mv in &outcome.moves {
        let m = &outcome.timeline.milestones[mv.index];
        sqlx::query("UPDATE milestones SET status = $1, planned_on = $2, planned_at = $3, extra_days = $4, actual_on = $5, actual_at = $6, source = $7, updated_at = $8 WHERE treatment_id = $9 AND position = $10")
            .bind(m.status.as_str())
            .bind(m.planned_on.to_string())
            .bind(planned_at.get(mv.index).copied().flatten())
            .bind(i64::from(m.extra_days))
            .bind(m.actual_on.map(|d| d.to_string()))
            // Undone steps lose their instant; the changed one gets its own just below.
            .bind(if m.actual_on.is_some() { stored.actual_at.get(mv.index).copied().flatten() } else { None })
            .bind(m.source.map(Source::as_str))
            .bind(now())
            .bind(stored.id)
            .bind(mv.index as i64)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO milestone_history (change_id, position, key, old_status, new_status, old_on, new_on) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(change_id)
            .bind(mv.index as i64)
            .bind(&mv.key)
            .bind(mv.from_status.as_str())
            .bind(mv.to_status.as_str())
            .bind(mv.from.to_string())
            .bind(mv.to.to_string())
            .execute(&mut *tx)
            .await?;
    }
    // Milestones whose only change is the extra days or the source are not moves; keep them in step too.
    for (i, (m, old)) in outcome
        .timeline
        .milestones
        .iter()
        .zip(&stored.timeline.milestones)
        .enumerate()
    {
        if (m.extra_days != old.extra_days || m.source != old.source) && !outcome.moves.iter().any(|mv| mv.index == i) {
            sqlx::query("UPDATE milestones SET extra_days = $1, source = $2, updated_at = $3 WHERE treatment_id = $4 AND position = $5")
                .bind(i64::from(m.extra_days))
                .bind(m.source.map(Source::as_str))
                .bind(now())
                .bind(stored.id)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
        }
    }
    if let Some((index, at)) = actual_at {
        sqlx::query("UPDATE milestones SET actual_at = $1 WHERE treatment_id = $2 AND position = $3")
            .bind(at)
            .bind(stored.id)
            .bind(index as i64)
            .execute(&mut *tx)
            .await?;
    }
    super::audit::record_about(&mut tx, change.audit, "treatment", stored.id).await?;
    // The reminders move with the dates, in the same transaction.
    super::reminders::sync(&mut tx, change.reminders, now()).await?;
    tx.commit().await?;
    Ok(change_id)
}

async fn record_delivery(tx: &mut Transaction<'static, Any>, d: &Delivery<'_>) -> Result<(), StorageError> {
    let inserted = sqlx::query("INSERT INTO webhook_deliveries (integration_id, webhook_id, received_at, status, response) VALUES ($1, $2, $3, $4, $5)")
        .bind(d.integration_id)
        .bind(d.webhook_id)
        .bind(now())
        .bind(i64::from(d.status))
        .bind(d.response)
        .execute(&mut **tx)
        .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(error) if is_unique_violation(&error) => Err(StorageError::AlreadyDelivered),
        Err(error) => Err(error.into()),
    }
}

/// Closing freezes the timeline: the status leaves 'active' and nothing more is planned.
pub async fn close(
    db: &Db,
    stored: &StoredTreatment,
    status: TreatmentStatus,
    reason: &str,
    audit: Entry<'_>,
    actor_id: i64,
    reminders: &super::reminders::ReminderPlan,
) -> Result<(), StorageError> {
    let mut tx = db.pool.begin().await?;
    let closed = sqlx::query("UPDATE treatments SET status = $1, closed_at = $2, closed_reason = $3, version = version + 1, next_key = NULL, next_kind = NULL, next_on = NULL WHERE id = $4 AND version = $5 AND status = 'active'")
        .bind(status.as_str())
        .bind(now())
        .bind(reason)
        .bind(stored.id)
        .bind(stored.version)
        .execute(&mut *tx)
        .await?;
    if closed.rows_affected() != 1 {
        return Err(StorageError::Stale);
    }
    sqlx::query("INSERT INTO timeline_changes (treatment_id, at, source, actor_id, action, reason) VALUES ($1, $2, 'nurse', $3, $4, $5)")
        .bind(stored.id)
        .bind(now())
        .bind(actor_id)
        .bind(format!("close:{}", status.as_str()))
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    super::audit::record_about(&mut tx, audit, "treatment", stored.id).await?;
    // A closed treatment cancels every pending reminder (the plan wants none).
    super::reminders::sync(&mut tx, reminders, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A webhook already applied: the answer it got.
pub async fn delivery(db: &Db, integration_id: i64, webhook_id: &str) -> Result<Option<(u16, String)>> {
    sqlx::query("SELECT status, response FROM webhook_deliveries WHERE integration_id = $1 AND webhook_id = $2")
        .bind(integration_id)
        .bind(webhook_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| {
            let status: i64 = row.try_get("status")?;
            Ok((u16::try_from(status).unwrap_or(200), row.try_get("response")?))
        })
        .transpose()
}
