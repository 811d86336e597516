//! Manufacturing integrations: who may sign webhooks, with which secret.
use super::{audit::Entry, is_unique_violation, now, Db, Result, StorageError};
use sqlx::Row;

/// What an integration may report on: orders of these products, at this centre if one is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub products: Vec<String>,
    pub centre_id: Option<i64>,
}

impl Scope {
    pub fn allows(&self, product_id: &str, centre_id: i64) -> bool {
        self.products.iter().any(|p| p == product_id) && self.centre_id.is_none_or(|c| c == centre_id)
    }

    /// Stored as one space-separated column: product ids have no spaces (the catalogue checks).
    fn products_column(&self) -> String {
        self.products.join(" ")
    }

    fn from_columns(products: &str, centre_id: Option<i64>) -> Scope {
        Scope {
            products: products.split_whitespace().map(str::to_string).collect(),
            centre_id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegrationRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub revoked: bool,
    pub scope: Scope,
}

/// An integration that may still send: what signs its webhooks and what they may touch.
pub struct ActiveIntegration {
    pub id: i64,
    pub secret: String,
    pub scope: Scope,
}

pub async fn create(
    db: &Db,
    name: &str,
    secret: &str,
    scope: &Scope,
    actor_id: i64,
    audit: Entry<'_>,
) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO integrations (name, secret, created_by, created_at, products, centre_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(name)
    .bind(secret)
    .bind(actor_id)
    .bind(now())
    .bind(scope.products_column())
    .bind(scope.centre_id)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(error) if is_unique_violation(&error) => return Err(StorageError::NameTaken),
        Err(error) => return Err(error.into()),
    };
    super::audit::record_about(&mut tx, audit, "integration", id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Every integration's stored secret, revoked ones too (to seal them again).
pub async fn all_secrets(db: &Db) -> Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, secret FROM integrations ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("secret")?)))
        .collect()
}

pub async fn set_secret(db: &Db, id: i64, stored: &str) -> Result<()> {
    sqlx::query("UPDATE integrations SET secret = $1 WHERE id = $2")
        .bind(stored)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Integrations that may still send.
pub async fn active(db: &Db) -> Result<Vec<ActiveIntegration>> {
    sqlx::query("SELECT id, secret, products, centre_id FROM integrations WHERE revoked_at IS NULL ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let products: String = r.try_get("products")?;
            Ok(ActiveIntegration {
                id: r.try_get("id")?,
                secret: r.try_get("secret")?,
                scope: Scope::from_columns(&products, r.try_get("centre_id")?),
            })
        })
        .collect()
}

pub async fn list(db: &Db) -> Result<Vec<IntegrationRow>> {
    sqlx::query("SELECT id, name, created_at, revoked_at, products, centre_id FROM integrations ORDER BY name, id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let revoked: Option<i64> = r.try_get("revoked_at")?;
            let products: String = r.try_get("products")?;
            Ok(IntegrationRow {
                scope: Scope::from_columns(&products, r.try_get("centre_id")?),
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                revoked: revoked.is_some(),
            })
        })
        .collect()
}

pub async fn revoke(db: &Db, id: i64, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE integrations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if done {
        super::audit::record_about(&mut tx, audit, "integration", id).await?;
    }
    tx.commit().await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::Scope;

    #[test]
    fn a_scope_allows_its_products_at_its_centre_only() {
        let maker = Scope::from_columns("axi-cel tisa-cel", None);
        assert!(maker.allows("axi-cel", 1) && maker.allows("tisa-cel", 9));
        assert!(!maker.allows("cilta-cel", 1));
        let point_of_care = Scope::from_columns("academic-cd19", Some(3));
        assert!(point_of_care.allows("academic-cd19", 3));
        assert!(!point_of_care.allows("academic-cd19", 4));
        assert!(!Scope::default().allows("axi-cel", 1), "no scope, nothing allowed");
        assert_eq!(Scope::from_columns(&maker.products_column(), None), maker);
    }
}
