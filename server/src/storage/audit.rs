//! The append-only audit log: who read or changed which patient record, when, from where.
//! The database itself refuses updates and deletes (see the migrations).
use super::{now, Db, Result};
use app::domain::access::Actor;
use sqlx::{AnyConnection, Row};

/// Who acted and from where, for changes whose audit entry is written in their own
/// transaction (so a change is never without its entry).
#[derive(Clone, Copy, Debug)]
pub struct Witness<'a> {
    pub actor: &'a Actor,
    pub client_addr: &'a str,
}

impl<'a> Witness<'a> {
    pub fn entry(self, action: &'a str, patient_id: Option<i64>, subject: Option<&'a str>) -> Entry<'a> {
        Entry::new(action, self.client_addr)
            .by(self.actor)
            .about(patient_id)
            .subject(subject)
    }
}

/// One line of the audit log, built in one way everywhere:
/// `Entry::new("timeline.read", client_addr).by(actor).about(patient_id)`.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub actor: Option<&'a Actor>,
    pub action: &'a str,
    pub patient_id: Option<i64>,
    pub subject: Option<&'a str>,
    pub client_addr: &'a str,
}

impl<'a> Entry<'a> {
    /// `action`, from `client_addr`, by no one in particular until [`Entry::by`] says who
    /// (an integration, the system and a failed sign-in act as no one).
    pub fn new(action: &'a str, client_addr: &'a str) -> Entry<'a> {
        Entry {
            actor: None,
            action,
            patient_id: None,
            subject: None,
            client_addr,
        }
    }

    pub fn by(self, actor: impl Into<Option<&'a Actor>>) -> Entry<'a> {
        Entry {
            actor: actor.into(),
            ..self
        }
    }

    /// The patient whose record was read or changed.
    pub fn about(self, patient_id: impl Into<Option<i64>>) -> Entry<'a> {
        Entry {
            patient_id: patient_id.into(),
            ..self
        }
    }

    /// What else it concerns, as `kind:id` (`"treatment:12"`, `"integration:3"`).
    pub fn subject(self, subject: impl Into<Option<&'a str>>) -> Entry<'a> {
        Entry {
            subject: subject.into(),
            ..self
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub patient_id: Option<i64>,
    pub client_addr: String,
}

pub async fn record(db: &Db, entry: Entry<'_>) -> Result<()> {
    let mut conn = db.pool.acquire().await?;
    record_in(&mut conn, entry).await
}

/// Records within a caller's transaction.
pub async fn record_in(conn: &mut AnyConnection, entry: Entry<'_>) -> Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor_id, actor_role, action, patient_id, subject, client_addr) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(now())
        .bind(entry.actor.map(|a| a.user_id))
        .bind(entry.actor.map(|a| a.role.as_str()))
        .bind(entry.action)
        .bind(entry.patient_id)
        .bind(entry.subject)
        .bind(entry.client_addr)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records within a caller's transaction, about one record (`"treatment:12"`), unless the
/// entry already names its subject (a webhook names the integration that sent it).
pub async fn record_about(conn: &mut AnyConnection, entry: Entry<'_>, kind: &str, id: i64) -> Result<()> {
    let subject = format!("{kind}:{id}");
    let subject = entry.subject.unwrap_or(&subject);
    record_in(conn, entry.subject(subject)).await
}

/// Runs a change and, when it changed anything, records `entry` in the same transaction:
/// `false` (and no entry) when nothing matched.
pub async fn if_changed<'q>(
    db: &Db,
    change: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    entry: Entry<'_>,
) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    if change.execute(&mut *tx).await?.rows_affected() == 0 {
        return Ok(false);
    }
    record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// Records one read per patient, for list views: many rows per statement, so that a list of
/// a whole centre costs a few statements, not one per patient.
pub async fn record_reads(db: &Db, actor: &Actor, action: &str, patient_ids: &[i64], client_addr: &str) -> Result<()> {
    record_each(db, Entry::new(action, client_addr).by(actor), patient_ids).await
}

/// Records `entry` once about each of `patient_ids` (a page of the FHIR API: one entry per
/// patient whose records it holds), in a few statements.
pub async fn record_each(db: &Db, entry: Entry<'_>, patient_ids: &[i64]) -> Result<()> {
    const ROWS_PER_STATEMENT: usize = 200;
    let at = now();
    let mut tx = db.pool.begin().await?;
    for chunk in patient_ids.chunks(ROWS_PER_STATEMENT) {
        // Six shared values ($1–$6), then one placeholder per patient ($7, $8, …).
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("($1, $2, $3, $4, ${}, $5, $6)", i + 7))
            .collect();
        let sql = format!(
            "INSERT INTO audit_log (at, actor_id, actor_role, action, patient_id, subject, client_addr) VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql)
            .bind(at)
            .bind(entry.actor.map(|a| a.user_id))
            .bind(entry.actor.map(|a| a.role.as_str()))
            .bind(entry.action)
            .bind(entry.subject)
            .bind(entry.client_addr);
        for patient_id in chunk {
            query = query.bind(*patient_id);
        }
        query.execute(&mut *tx).await?;
    }
    Ok(tx.commit().await?)
}

/// Records one read per patient of a centre, for the nurse's list of that centre, in one
/// statement. Answers how many entries it wrote (one per patient of the centre).
pub async fn record_centre_reads(
    db: &Db,
    actor: &Actor,
    action: &str,
    centre_id: i64,
    client_addr: &str,
) -> Result<u64> {
    Ok(sqlx::query("INSERT INTO audit_log (at, actor_id, actor_role, action, patient_id, client_addr) SELECT $1, $2, $3, $4, user_id, $5 FROM patients WHERE centre_id = $6")
        .bind(now())
        .bind(actor.user_id)
        .bind(actor.role.as_str())
        .bind(action)
        .bind(client_addr)
        .bind(centre_id)
        .execute(&db.pool)
        .await
        .map(|done| done.rows_affected())?)
}

pub async fn for_patient(db: &Db, patient_id: i64) -> Result<Vec<Recorded>> {
    sqlx::query("SELECT at, actor_id, action, patient_id, client_addr FROM audit_log WHERE patient_id = $1 ORDER BY id")
        .bind(patient_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(Recorded {
                at: row.try_get("at")?,
                actor_id: row.try_get("actor_id")?,
                action: row.try_get("action")?,
                patient_id: row.try_get("patient_id")?,
                client_addr: row.try_get("client_addr")?,
            })
        })
        .collect()
}

/// The newest entries first, at most `limit`, optionally for one patient or one account.
pub async fn search(
    db: &Db,
    filter: &app::api::accounts::AuditFilter,
    limit: i64,
    zone: chrono_tz::Tz,
) -> Result<Vec<app::api::accounts::AuditRow>> {
    sqlx::query("SELECT at, actor_id, actor_role, action, patient_id, subject, client_addr FROM audit_log WHERE ($1 IS NULL OR patient_id = $1) AND ($2 IS NULL OR actor_id = $2) ORDER BY id DESC LIMIT $3")
        .bind(filter.patient_id)
        .bind(filter.actor_id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| {
            let at: i64 = row.try_get("at")?;
            Ok(app::api::accounts::AuditRow {
                // In the reader's zone; the page writes it in the reader's locale.
                at: chrono::DateTime::from_timestamp(at, 0)
                    .map(|t| t.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S").to_string())
                    .unwrap_or_default(),
                actor_id: row.try_get("actor_id")?,
                actor_role: row.try_get("actor_role")?,
                action: row.try_get("action")?,
                patient_id: row.try_get("patient_id")?,
                subject: row.try_get("subject")?,
                client_addr: row.try_get("client_addr")?,
            })
        })
        .collect()
}
