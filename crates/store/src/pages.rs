//! A blog's pages ("Om bloggen"): edited by blog managers, kept with revisions.

use crate::{with_pool, Page, Result, Store, StoreError};
use lykta_domain::Slug;
use lykta_domain::UserId;
use lykta_domain::{BlogId, PageId};

pub(crate) const PAGE_COLUMNS: &str =
    "id, blog_id, slug, title, body, position, published, version, created_at, updated_at";

const PAGE_REVISION_SQL: &str =
    "INSERT INTO page_revisions (page_id, version, title, body, published, saved_by, saved_at)
    SELECT id, version, title, body, published, $2, $3 FROM pages WHERE id = $1";

const SLUG_TAKEN_SQL: &str =
    "SELECT (SELECT COUNT(*) FROM pages WHERE blog_id = $1 AND slug = $2 AND id <> $3)
                                   + (SELECT COUNT(*) FROM posts WHERE blog_id = $1 AND slug = $2)";

/// Record a published page as it now stands (or that it was hidden), in the
/// public record, inside the transaction `$tx`.
macro_rules! record_page {
    ($tx:expr, $id:expr, $was_published:expr, $actor:expr, $now:expr) => {{
        let (blog_id, slug, title, body, published, version): (BlogId, String, String, String, bool, i64) =
            sqlx::query_as("SELECT blog_id, slug, title, body, published, version FROM pages WHERE id = $1")
                .bind($id)
                .fetch_one(&mut *$tx)
                .await?;
        if published || $was_published {
            let kind = if published { "page-published" } else { "page-unpublished" };
            let payload = serde_json::json!({
                "blog_id": blog_id, "slug": slug, "title": title, "body": body, "version": version,
            })
            .to_string();
            crate::record::append_record!($tx, kind, $id, Some($actor), $now, payload);
            crate::events::append_event!(
                $tx,
                lykta_domain::DomainEvent::PageChanged { page_id: $id, blog_id },
                $now
            );
        }
    }};
}

pub struct PageInput<'a> {
    pub slug: &'a Slug,
    pub title: &'a str,
    pub body: &'a str,
    pub position: i64,
    pub published: bool,
}

impl Store {
    pub async fn create_page(
        &self,
        blog_id: BlogId,
        input: &PageInput<'_>,
        actor: UserId,
        now: i64,
    ) -> Result<PageId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let taken: i64 = sqlx::query_scalar(SLUG_TAKEN_SQL).bind(blog_id).bind(input.slug.as_str()).bind(0_i64).fetch_one(&mut *tx).await?;
            if taken > 0 {
                return Err(StoreError::Conflict("slug"));
            }
            let id: PageId = sqlx::query_scalar(
                "INSERT INTO pages (blog_id, slug, title, body, position, published, version, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id")
                .bind(blog_id).bind(input.slug.as_str()).bind(input.title).bind(input.body)
                .bind(input.position).bind(input.published).bind(now)
                .fetch_one(&mut *tx).await?;
            sqlx::query(PAGE_REVISION_SQL).bind(id).bind(actor).bind(now).execute(&mut *tx).await?;
            record_page!(tx, id, false, actor, now);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    pub async fn update_page(
        &self,
        id: PageId,
        expected_version: i64,
        input: &PageInput<'_>,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let row: Option<(BlogId, i64, bool)> = sqlx::query_as("SELECT blog_id, version, published FROM pages WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
            let (blog_id, current, was_published) = row.ok_or(StoreError::NotFound)?;
            if current != expected_version {
                return Err(StoreError::StaleVersion { current });
            }
            let taken: i64 = sqlx::query_scalar(SLUG_TAKEN_SQL).bind(blog_id).bind(input.slug.as_str()).bind(id).fetch_one(&mut *tx).await?;
            if taken > 0 {
                return Err(StoreError::Conflict("slug"));
            }
            let done = sqlx::query(
                "UPDATE pages SET slug = $1, title = $2, body = $3, position = $4, published = $5,
                   version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8")
                .bind(input.slug.as_str()).bind(input.title).bind(input.body).bind(input.position)
                .bind(input.published).bind(now).bind(id).bind(expected_version)
                .execute(&mut *tx).await?;
            // Another save got in between the read above and this update (on
            // PostgreSQL both may read the same version): nothing is written.
            if done.rows_affected() == 0 {
                return Err(StoreError::StaleVersion { current: current + 1 });
            }
            sqlx::query(PAGE_REVISION_SQL).bind(id).bind(actor).bind(now).execute(&mut *tx).await?;
            crate::autosaves::discard_autosave_in!(tx, lykta_domain::Document::Page(id), actor);
            record_page!(tx, id, was_published, actor, now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// A page of any state, for staff screens.
    pub async fn page(&self, id: PageId) -> Result<Page> {
        let sql = format!("SELECT {PAGE_COLUMNS} FROM pages WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    pub async fn pages_of_blog(&self, blog_id: BlogId) -> Result<Vec<Page>> {
        let sql =
            format!("SELECT {PAGE_COLUMNS} FROM pages WHERE blog_id = $1 ORDER BY position, title");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).fetch_all(p).await)?)
    }
}
