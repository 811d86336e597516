//! Reading timelines in bulk: the nurse's list of a centre, the change history, and the
//! latest change the patient is told about.
use super::{Db, Result};
use app::{
    api::timeline::{BoardRow, ChangeView, MoveView, NoticeView},
    domain::timeline::{delay_reason::DelayReason, EventKind, MilestoneKind, MilestoneStatus, Source, Stage},
};
use chrono::NaiveDate;
use sqlx::Row;

/// Between packed fields; no field the board shows can contain it but the patient's name,
/// which is therefore read last (from the left).
const SEP: &str = "\u{1f}";

/// Every patient of the centre with their active treatment, if any: one query, using the
/// summary kept beside each treatment. The fields come packed in one text column because
/// moving each column out of the driver costs more than the query itself (measured in
/// BENCHMARKS.md: 2.8 ms for one column, 17.5 ms for nine, over 2 000 rows on SQLite).
pub async fn board(db: &Db, centre_id: i64, today: NaiveDate) -> Result<Vec<BoardRow>> {
    let rows = sqlx::query(
        "SELECT p.user_id, p.full_name || $2 || COALESCE(t.product_name, '') || $2 || COALESCE(t.stage, '') \
         || $2 || COALESCE(t.next_key, '') || $2 || COALESCE(t.next_kind, '') || $2 || COALESCE(t.next_on, '') \
         || $2 || COALESCE(t.is_delayed, 0) || $2 || COALESCE(t.has_conflict, 0) AS packed \
         FROM patients p LEFT JOIN treatments t ON t.patient_id = p.user_id AND t.status = 'active' \
         WHERE p.centre_id = $1 ORDER BY p.full_name, p.user_id",
    )
    .bind(centre_id)
    .bind(SEP)
    .fetch_all(&db.pool)
    .await?;
    let today = today.to_string();
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    rows.iter()
        .map(|r| {
            let packed: String = r.try_get("packed")?;
            // From the right: the name (the only free text) keeps whatever it contains.
            let mut fields = packed.rsplitn(8, SEP);
            let mut next = || fields.next().unwrap_or_default();
            let (conflict, delayed, next_on, next_kind, next_key, stage, product, name) =
                (next(), next(), next(), next(), next(), next(), next(), next());
            Ok(BoardRow {
                patient_id: r.try_get("user_id")?,
                name: name.to_string(),
                product_name: some(product).map(|p| p.split(" (").next().unwrap_or_default().to_string()),
                stage: Stage::parse(stage),
                next_kind: MilestoneKind::parse(next_kind),
                next_key: some(next_key),
                // ISO dates compare as text.
                late: !next_on.is_empty() && next_on < today.as_str(),
                next_on: some(next_on),
                delayed: delayed == "1",
                conflict: conflict == "1",
            })
        })
        .collect()
}

/// Newest first, each with the milestones it moved, its time in the reader's `zone`.
pub async fn history(db: &Db, treatment_id: i64, zone: chrono_tz::Tz) -> Result<Vec<ChangeView>> {
    let changes = changes_of(db, Scope::Treatment(treatment_id), zone).await?;
    Ok(changes.into_iter().map(|c| c.change).collect())
}

/// A change with the patient whose timeline it changed.
pub struct CentreChange {
    pub patient_id: i64,
    pub patient_name: String,
    pub change: ChangeView,
}

/// The changes to the centre's timelines after `since`, newest first (at most 200).
pub async fn centre_changes(db: &Db, centre_id: i64, since: i64, zone: chrono_tz::Tz) -> Result<Vec<CentreChange>> {
    changes_of(db, Scope::Centre { centre_id, since }, zone).await
}

enum Scope {
    Treatment(i64),
    Centre { centre_id: i64, since: i64 },
}

async fn changes_of(db: &Db, scope: Scope, zone: chrono_tz::Tz) -> Result<Vec<CentreChange>> {
    let (condition, first, second) = match scope {
        Scope::Treatment(id) => ("c.treatment_id = $1 AND $2 = 0", id, 0),
        Scope::Centre { centre_id, since } => ("p.centre_id = $1 AND c.at > $2", centre_id, since),
    };
    let scoped = "JOIN treatments t ON t.id = c.treatment_id JOIN patients p ON p.user_id = t.patient_id";
    let changes = sqlx::query(&format!(
        "SELECT c.id, c.at, c.source, c.action, c.milestone_key, c.reason, c.delay_reason, u.display_name, i.name AS integration, \
         p.user_id AS patient_id, p.full_name FROM timeline_changes c {scoped} LEFT JOIN users u ON u.id = c.actor_id \
         LEFT JOIN integrations i ON i.id = c.integration_id WHERE {condition} ORDER BY c.id DESC LIMIT 200"
    ))
    .bind(first)
    .bind(second)
    .fetch_all(&db.pool)
    .await?;
    let moves = sqlx::query(&format!(
        "SELECT h.change_id, h.key, h.old_status, h.new_status, h.old_on, h.new_on, m.kind FROM milestone_history h \
         JOIN timeline_changes c ON c.id = h.change_id {scoped} JOIN milestones m ON m.treatment_id = c.treatment_id AND m.position = h.position \
         WHERE {condition} ORDER BY h.change_id, h.position"
    ))
    .bind(first)
    .bind(second)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(changes.len());
    for c in &changes {
        let id: i64 = c.try_get("id")?;
        let at: i64 = c.try_get("at")?;
        let source: String = c.try_get("source")?;
        let person: Option<String> = c.try_get("display_name")?;
        let integration: Option<String> = c.try_get("integration")?;
        let key: Option<String> = c.try_get("milestone_key")?;
        let mut moved = Vec::new();
        for m in moves
            .iter()
            .filter(|m| m.try_get::<i64, _>("change_id").ok() == Some(id))
        {
            let kind: String = m.try_get("kind")?;
            let (old, new): (String, String) = (m.try_get("old_status")?, m.try_get("new_status")?);
            moved.push(MoveView {
                kind: MilestoneKind::parse(&kind).unwrap_or(MilestoneKind::FollowUp),
                key: m.try_get("key")?,
                from: m.try_get("old_on")?,
                to: m.try_get("new_on")?,
                from_status: MilestoneStatus::parse(&old).unwrap_or(MilestoneStatus::Planned),
                to_status: MilestoneStatus::parse(&new).unwrap_or(MilestoneStatus::Planned),
            });
        }
        let (on, time) = crate::zones::local(at, zone)
            .map(|(day, time, _)| (day.to_string(), time))
            .unwrap_or_default();
        let source = Source::parse(&source).unwrap_or(Source::Nurse);
        let action: String = c.try_get("action")?;
        let event = reported_event(source, &action);
        // An event's words are the reader's; an English reason stored before is not sent.
        let reason: String = if event.is_some() {
            String::new()
        } else {
            c.try_get("reason")?
        };
        let change = ChangeView {
            on,
            time,
            source,
            by: person.or(integration).unwrap_or_default(),
            event,
            action,
            milestone: key.as_deref().and_then(|k| {
                moved
                    .iter()
                    .find(|m| m.key == k)
                    .map(|m| m.kind)
                    .or_else(|| MilestoneKind::parse(k))
            }),
            milestone_key: key.clone(),
            reason,
            delay_reason: coded(c.try_get("delay_reason")?),
            moves: moved,
        };
        out.push(CentreChange {
            patient_id: c.try_get("patient_id")?,
            patient_name: c.try_get("full_name")?,
            change,
        });
    }
    Ok(out)
}

/// The last change that moved the next step or the infusion, if it was made in the last
/// 14 days: the patient is told what moved and why.
pub async fn latest_notice(db: &Db, treatment_id: i64) -> Result<Option<NoticeView>> {
    let since = super::now() - 14 * 24 * 3600;
    let row = sqlx::query("SELECT notice_key, notice_kind, notice_from, notice_to, reason, delay_reason, source, action FROM timeline_changes WHERE treatment_id = $1 AND notice_kind IS NOT NULL AND at >= $2 ORDER BY id DESC LIMIT 1")
        .bind(treatment_id)
        .bind(since)
        .fetch_optional(&db.pool)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let kind: String = r.try_get("notice_kind")?;
    let event = reported_event(
        Source::parse(&r.try_get::<String, _>("source")?).unwrap_or(Source::Nurse),
        &r.try_get::<String, _>("action")?,
    );
    Ok(MilestoneKind::parse(&kind).map(|kind| NoticeView {
        key: r
            .try_get::<Option<String>, _>("notice_key")
            .ok()
            .flatten()
            .unwrap_or_default(),
        kind,
        from: r
            .try_get::<Option<String>, _>("notice_from")
            .ok()
            .flatten()
            .unwrap_or_default(),
        to: r
            .try_get::<Option<String>, _>("notice_to")
            .ok()
            .flatten()
            .unwrap_or_default(),
        reason: if event.is_some() {
            String::new()
        } else {
            r.try_get("reason").unwrap_or_default()
        },
        event,
        delay_reason: coded(r.try_get("delay_reason").ok().flatten()),
    }))
}

/// A stored delay reason; one the code no longer knows reads as none.
fn coded(stored: Option<String>) -> Option<DelayReason> {
    stored.as_deref().and_then(DelayReason::parse)
}

/// A manufacturing site's change names its event in the action; its words are the reader's.
fn reported_event(source: Source, action: &str) -> Option<EventKind> {
    (source == Source::Integration)
        .then(|| EventKind::parse(action))
        .flatten()
}
