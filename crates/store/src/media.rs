//! Uploaded images' metadata. The bytes live in the data folder.

use crate::{with_pool, Media, Result, Store, StoreError};
use lykta_domain::{MediaId, UserId};

pub struct NewMedia<'a> {
    pub stem: &'a str,
    pub mime: &'a str,
    pub width: i64,
    pub height: i64,
    pub variant_widths: &'a str,
    pub alt: &'a str,
    pub original_name: &'a str,
    pub uploaded_by: Option<UserId>,
}

const MEDIA_COLUMNS: &str =
    "id, stem, mime, width, height, variant_widths, alt, original_name, uploaded_by, created_at";

impl Store {
    pub async fn insert_media(&self, m: &NewMedia<'_>, now: i64) -> Result<MediaId> {
        let sql = "INSERT INTO media (stem, mime, width, height, variant_widths, alt, original_name, uploaded_by, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql)
            .bind(m.stem).bind(m.mime).bind(m.width).bind(m.height).bind(m.variant_widths)
            .bind(m.alt).bind(m.original_name).bind(m.uploaded_by).bind(now)
            .fetch_one(p).await)?)
    }

    pub async fn media(&self, id: MediaId) -> Result<Media> {
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    pub async fn all_media(&self) -> Result<Vec<Media>> {
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media ORDER BY id DESC");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    pub async fn update_media_alt(&self, id: MediaId, alt: &str, now: i64) -> Result<()> {
        let sql = "UPDATE media SET alt = $1 WHERE id = $2";
        crate::events::with_event!(self, tx, done => {
            sqlx::query(sql).bind(alt).bind(id).execute(&mut *tx).await?;
        }, lykta_domain::DomainEvent::MediaChanged { media_id: id }, now)
    }
}
