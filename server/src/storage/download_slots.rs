//! Research downloads in progress, counted in the database so that every instance keeps to
//! one cap in total and one per researcher. The slots are numbered rows, each leased until a
//! time: a download that ends gives its slot back, and a crashed instance's slots free
//! themselves when their lease runs out.
use super::{now, Db, Result};

#[derive(Clone, Copy, Debug)]
pub struct Caps {
    pub total: i64,
    pub per_researcher: i64,
    /// The longest a download may take; its slot is leased for that long.
    pub lease_seconds: i64,
}

/// A slot held: give it back with `release`.
#[derive(Clone, Debug)]
pub struct Claim {
    pub slot: i64,
    holder: String,
}

/// Makes the numbered slots the caps need (more from an earlier, larger cap stay unused).
pub async fn ensure(db: &Db, total: i64) -> Result<()> {
    for slot in 1..=total {
        sqlx::query("INSERT INTO download_slots (slot, lease_until) VALUES ($1, 0) ON CONFLICT (slot) DO NOTHING")
            .bind(slot)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// Claims a free slot for the researcher, or answers `None` when the total or their own
/// cap is reached. Never over either cap: two claims racing for the researcher's last place
/// may both give theirs back, so one of them is refused that could have gone ahead.
pub async fn claim(db: &Db, researcher_id: i64, caps: Caps, holder: &str) -> Result<Option<Claim>> {
    if held_by(db, researcher_id).await? >= caps.per_researcher {
        return Ok(None);
    }
    let Some(claim) = first_free(db, researcher_id, caps, holder).await? else {
        return Ok(None);
    };
    if held_by(db, researcher_id).await? > caps.per_researcher {
        release(db, &claim).await?;
        return Ok(None);
    }
    Ok(Some(claim))
}

/// Tries the free slots in turn: each update takes its row only if still free.
async fn first_free(db: &Db, researcher_id: i64, caps: Caps, holder: &str) -> Result<Option<Claim>> {
    let at = now();
    let free: Vec<i64> =
        sqlx::query_scalar("SELECT slot FROM download_slots WHERE slot <= $1 AND lease_until <= $2 ORDER BY slot")
            .bind(caps.total)
            .bind(at)
            .fetch_all(&db.pool)
            .await?;
    for slot in free {
        let taken = sqlx::query(
            "UPDATE download_slots SET holder = $1, researcher_id = $2, lease_until = $3 \
             WHERE slot = $4 AND lease_until <= $5",
        )
        .bind(holder)
        .bind(researcher_id)
        .bind(at + caps.lease_seconds)
        .bind(slot)
        .bind(at)
        .execute(&db.pool)
        .await?
        .rows_affected();
        if taken == 1 {
            return Ok(Some(Claim {
                slot,
                holder: holder.to_string(),
            }));
        }
    }
    Ok(None)
}

async fn held_by(db: &Db, researcher_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM download_slots WHERE researcher_id = $1 AND lease_until > $2")
            .bind(researcher_id)
            .bind(now())
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Gives the slot back, unless its lease ran out and someone else holds it now.
pub async fn release(db: &Db, claim: &Claim) -> Result<()> {
    sqlx::query(
        "UPDATE download_slots SET holder = NULL, researcher_id = NULL, lease_until = 0 \
         WHERE slot = $1 AND holder = $2",
    )
    .bind(claim.slot)
    .bind(&claim.holder)
    .execute(&db.pool)
    .await?;
    Ok(())
}
