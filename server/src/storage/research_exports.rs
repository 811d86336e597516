//! Exports as recorded: parameters, anonymisation summary, progress and outcome, and the
//! frozen list of released patients that every file of one export is cut from.
use super::{
    audit::Entry,
    now,
    release_lock::{fence, Lease},
    Db, Result,
};
use sqlx::Row;

pub struct NewExport<'a> {
    pub token: &'a str,
    pub requested_by: Option<i64>,
    pub project_id: Option<i64>,
    pub parameters: &'a str,
    pub summary: &'a str,
    pub export_key: &'a str,
    pub snapshot_at: i64,
    pub expires_at: i64,
}

pub struct NewMember {
    pub patient_id: i64,
    pub research_id: String,
    pub anchor: &'static str,
    pub anchor_on: String,
    pub time_zone: String,
    pub release: String,
    /// What an export releases of their time (`time_release::LEVELS` index, the key
    /// checked, their infusion's day from the anchor); not kept for a project.
    pub time: MemberTime,
}

#[derive(Clone, Debug, Default)]
pub struct MemberTime {
    pub level: i64,
    pub key: String,
    pub infusion_day: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct StoredExport {
    pub id: i64,
    pub token: String,
    pub requested_by: Option<i64>,
    pub parameters: String,
    pub summary: String,
    pub export_key: Option<String>,
    pub snapshot_at: i64,
    pub state: String,
    pub records_total: i64,
    pub records_done: i64,
    pub row_counts: Option<String>,
    pub error: Option<String>,
    pub expires_at: i64,
}

#[derive(Clone, Debug)]
pub struct Member {
    pub patient_id: i64,
    pub research_id: String,
    pub anchor: String,
    pub anchor_on: String,
    pub time_zone: String,
    pub release: String,
    pub time: MemberTime,
}

const ROWS_PER_STATEMENT: usize = 100;

/// Whose frozen member list: an export's, or a project's (kept for the release rule).
#[derive(Clone, Copy, Debug)]
pub enum MembersOf {
    Export,
    Project,
}

/// Inserts a member list, many rows per statement, within the caller's transaction.
pub(super) async fn insert_members(
    conn: &mut sqlx::AnyConnection,
    of: MembersOf,
    owner_id: i64,
    members: &[NewMember],
) -> Result<()> {
    let (table, columns) = match of {
        MembersOf::Export => ("research_export_members (export_id", 9),
        MembersOf::Project => ("research_project_members (project_id", 6),
    };
    let time_columns = if columns == 9 {
        ", time_level, time_key, infusion_day"
    } else {
        ""
    };
    for chunk in members.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + i * columns;
                let places: Vec<String> = (b..b + columns).map(|p| format!("${p}")).collect();
                format!("($1, {})", places.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table}, patient_id, research_id, anchor, anchor_on, time_zone, release{time_columns}) VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(owner_id);
        for m in chunk {
            query = query
                .bind(m.patient_id)
                .bind(&m.research_id)
                .bind(m.anchor)
                .bind(&m.anchor_on)
                .bind(&m.time_zone)
                .bind(&m.release);
            if columns == 9 {
                query = query.bind(m.time.level).bind(&m.time.key).bind(m.time.infusion_day);
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Records the export, its members, how many records it will read, and its audit entries
/// (one for the export, one read per released patient), in one transaction, only while
/// the release lease that its check was made under is still held.
pub async fn create(
    db: &Db,
    lease: &Lease,
    new: &NewExport<'_>,
    members: &[NewMember],
    audit: Entry<'_>,
) -> Result<i64> {
    let mut tx = db.pool.begin().await?;
    fence(&mut tx, lease).await?;
    let id: i64 = sqlx::query("INSERT INTO research_exports (token, requested_by, project_id, parameters, summary, export_key, snapshot_at, state, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'ready', $8, $9) RETURNING id")
        .bind(new.token)
        .bind(new.requested_by)
        .bind(new.project_id)
        .bind(new.parameters)
        .bind(new.summary)
        .bind(new.export_key)
        .bind(new.snapshot_at)
        .bind(now())
        .bind(new.expires_at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
    insert_members(&mut tx, MembersOf::Export, id, members).await?;
    let subject = format!("research_export:{id}");
    super::audit::record_in(&mut tx, audit.clone().subject(entry_subject(&audit, &subject))).await?;
    sqlx::query("INSERT INTO audit_log (at, actor_id, actor_role, action, patient_id, subject, client_addr) SELECT $1, $2, $3, 'research_export_read', patient_id, $4, $5 FROM research_export_members WHERE export_id = $6")
        .bind(now())
        .bind(audit.actor.map(|a| a.user_id))
        .bind(audit.actor.map(|a| a.role.as_str()))
        .bind(&subject)
        .bind(audit.client_addr)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

fn entry_subject<'a>(audit: &Entry<'a>, fallback: &'a str) -> &'a str {
    audit.subject.unwrap_or(fallback)
}

fn stored(r: &sqlx::any::AnyRow) -> Result<StoredExport> {
    Ok(StoredExport {
        id: r.try_get("id")?,
        token: r.try_get("token")?,
        requested_by: r.try_get("requested_by")?,
        parameters: r.try_get("parameters")?,
        summary: r.try_get("summary")?,
        export_key: r.try_get("export_key")?,
        snapshot_at: r.try_get("snapshot_at")?,
        state: r.try_get("state")?,
        records_total: r.try_get("records_total")?,
        records_done: r.try_get("records_done")?,
        row_counts: r.try_get("row_counts")?,
        error: r.try_get("error")?,
        expires_at: r.try_get("expires_at")?,
    })
}

const COLUMNS: &str = "id, token, requested_by, parameters, summary, export_key, snapshot_at, state, records_total, records_done, row_counts, error, expires_at";

pub async fn by_token(db: &Db, token: &str) -> Result<Option<StoredExport>> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM research_exports WHERE token = $1"))
        .bind(token)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(stored)
        .transpose()
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<StoredExport>> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM research_exports WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(stored)
        .transpose()
}

/// The export's members, in research-id order (not enrolment order).
pub async fn members(db: &Db, export_id: i64) -> Result<Vec<Member>> {
    sqlx::query("SELECT patient_id, research_id, anchor, anchor_on, time_zone, release, time_level, time_key, infusion_day FROM research_export_members WHERE export_id = $1 ORDER BY research_id")
        .bind(export_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Member {
                patient_id: r.try_get("patient_id")?,
                research_id: r.try_get("research_id")?,
                anchor: r.try_get("anchor")?,
                anchor_on: r.try_get("anchor_on")?,
                time_zone: r.try_get("time_zone")?,
                release: r.try_get("release")?,
                time: MemberTime {
                    level: r.try_get("time_level")?,
                    key: r.try_get("time_key")?,
                    infusion_day: r.try_get("infusion_day")?,
                },
            })
        })
        .collect()
}

/// A download starts: `records_total` is what its files will read, for the progress bar.
/// Whether a patient of this export has withdrawn consent since (their latest consent event
/// is a withdrawal): such an export is closed to downloads.
pub async fn has_withdrawn_member(db: &Db, export_id: i64) -> Result<bool> {
    let withdrawn: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM research_export_members m WHERE m.export_id = $1 AND \
         (SELECT rc.action FROM research_consents rc WHERE rc.patient_id = m.patient_id ORDER BY rc.id DESC LIMIT 1) = 'withdrawn'",
    )
    .bind(export_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(withdrawn > 0)
}

pub async fn set_running(db: &Db, id: i64, records_total: i64) -> Result<()> {
    Ok(sqlx::query("UPDATE research_exports SET state = 'running', records_done = 0, records_total = $2, error = NULL WHERE id = $1")
        .bind(id)
        .bind(records_total)
        .execute(&db.pool)
        .await
        .map(|_| ())?)
}

pub async fn set_progress(db: &Db, id: i64, records_done: i64) -> Result<()> {
    Ok(
        sqlx::query("UPDATE research_exports SET records_done = $1 WHERE id = $2")
            .bind(records_done)
            .bind(id)
            .execute(&db.pool)
            .await
            .map(|_| ())?,
    )
}

/// Records how the download ended, and an audit entry with the row counts.
pub async fn finish(db: &Db, id: i64, outcome: Result<&str, &str>, audit: Entry<'_>) -> Result<()> {
    let (state, counts, error) = match outcome {
        Ok(counts) => ("complete", Some(counts), None),
        Err(error) => ("failed", None, Some(error)),
    };
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE research_exports SET state = $1, row_counts = COALESCE($2, row_counts), error = $3, finished_at = $4 WHERE id = $5")
        .bind(state)
        .bind(counts)
        .bind(error)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    super::audit::record_in(&mut tx, audit).await?;
    Ok(tx.commit().await?)
}

/// Erases the keys and member lists of exports past their time (ids cannot be recomputed
/// after this); answers how many it expired.
pub async fn expire_due(db: &Db, at: i64) -> Result<u64> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM research_export_members WHERE export_id IN (SELECT id FROM research_exports WHERE expires_at <= $1)")
        .bind(at)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("UPDATE research_exports SET export_key = NULL, state = CASE WHEN state IN ('ready', 'running') THEN 'expired' ELSE state END WHERE expires_at <= $1 AND export_key IS NOT NULL")
        .bind(at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
