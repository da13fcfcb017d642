//! The organisation (one per instance) and its units.

use crate::events::with_event;
use crate::{conflict_on_unique, with_pool, Organisation, Result, Store, StoreError, Unit};
use lykta_domain::DomainEvent;
use lykta_domain::{UnitId, UserId};

const ORG_COLUMNS: &str = "name, default_language, contact_email, contact_phone, logo_media_id, accessibility_statement, updated_at";

impl Store {
    pub async fn organisation(&self) -> Result<Option<Organisation>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisation WHERE id = 1");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_optional(p).await)?)
    }

    /// Create or replace the organisation's settings.
    pub async fn save_organisation(&self, o: &Organisation) -> Result<()> {
        let sql = "INSERT INTO organisation (id, name, default_language, contact_email, contact_phone, logo_media_id, accessibility_statement, updated_at)
                   VALUES (1, $1, $2, $3, $4, $5, $6, $7)
                   ON CONFLICT (id) DO UPDATE SET name = $1, default_language = $2, contact_email = $3,
                     contact_phone = $4, logo_media_id = $5, accessibility_statement = $6, updated_at = $7";
        with_event!(self, tx, done => {
            sqlx::query(sql)
                .bind(&o.name)
                .bind(o.default_language.as_str())
                .bind(&o.contact_email)
                .bind(&o.contact_phone)
                .bind(o.logo_media_id)
                .bind(&o.accessibility_statement)
                .bind(o.updated_at)
                .execute(&mut *tx)
                .await?;
        }, DomainEvent::OrganisationChanged, o.updated_at)
    }

    pub async fn create_unit(&self, slug: &str, name: &str, now: i64) -> Result<UnitId> {
        let sql = "INSERT INTO units (slug, name) VALUES ($1, $2) RETURNING id";
        with_event!(self, tx, id => {
            let id: UnitId = sqlx::query_scalar(sql).bind(slug).bind(name).fetch_one(&mut *tx).await
                .map_err(conflict_on_unique("slug"))?;
            id
        }, DomainEvent::OrganisationChanged, now)
    }

    pub async fn units(&self) -> Result<Vec<Unit>> {
        let sql = "SELECT id, slug, name FROM units ORDER BY name";
        Ok(with_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await)?)
    }

    /// Every unit's managers: (unit, person, name), by name.
    pub async fn unit_managers(&self) -> Result<Vec<(UnitId, UserId, String)>> {
        let sql = "SELECT m.unit_id, m.user_id, u.name FROM unit_managers m JOIN users u ON u.id = m.user_id ORDER BY u.name";
        Ok(with_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await)?)
    }

    /// Make exactly these people the managers of a unit.
    pub async fn set_unit_managers(&self, unit_id: UnitId, user_ids: &[UserId]) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("DELETE FROM unit_managers WHERE unit_id = $1").bind(unit_id).execute(&mut *tx).await?;
            for user in user_ids {
                sqlx::query("INSERT INTO unit_managers (unit_id, user_id) VALUES ($1, $2)")
                    .bind(unit_id).bind(*user).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    pub async fn unit_by_slug(&self, slug: &str) -> Result<Unit> {
        let sql = "SELECT id, slug, name FROM units WHERE slug = $1";
        with_pool!(self, p => sqlx::query_as(sql).bind(slug).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }
}
