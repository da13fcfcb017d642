//! Blogs and their settings.

use crate::events::with_event;
use crate::{conflict_on_unique, with_pool, Blog, Result, Store, StoreError};
use lykta_domain::{Audience, DomainEvent, Language, Slug};
use lykta_domain::{BlogId, UnitId};

pub(crate) const BLOG_COLUMNS: &str = "id, slug, name, tagline, language, audience, unit_id, purpose, goal, resources, engagement, requires_approval, posts_per_month, comments_enabled, comments_close_days, moderation, comment_policy, blocked_words, moderation_hours, answer_hours, created_at, updated_at, version";

/// A blog's editable settings, already parsed.
pub struct BlogInput<'a> {
    pub slug: &'a Slug,
    pub name: &'a str,
    pub tagline: &'a str,
    pub language: Language,
    pub audience: Audience,
    pub unit_id: Option<UnitId>,
    pub purpose: &'a str,
    pub goal: &'a str,
    pub resources: &'a str,
    pub engagement: &'a str,
    pub requires_approval: bool,
    pub posts_per_month: i64,
}

/// Inside a write whose versioned UPDATE matched nothing: `NotFound` if the
/// blog is gone, else `StaleVersion` with the version it is at now.
macro_rules! blog_stale {
    ($tx:ident, $id:expr) => {{
        let current: Option<i64> = sqlx::query_scalar("SELECT version FROM blogs WHERE id = $1")
            .bind($id)
            .fetch_optional(&mut *$tx)
            .await?;
        return Err(
            current.map_or(StoreError::NotFound, |current| StoreError::StaleVersion {
                current,
            }),
        );
    }};
}

impl Store {
    pub async fn create_blog(&self, b: &BlogInput<'_>, now: i64) -> Result<BlogId> {
        let sql = "INSERT INTO blogs (slug, name, tagline, language, audience, unit_id, purpose, goal, resources, engagement, requires_approval, posts_per_month, created_at, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13, $11, $11) RETURNING id";
        with_event!(self, tx, id => {
            let id: BlogId = sqlx::query_scalar(sql)
                .bind(b.slug.as_str()).bind(b.name).bind(b.tagline).bind(b.language.as_str())
                .bind(b.audience.as_str()).bind(b.unit_id).bind(b.purpose).bind(b.goal)
                .bind(b.resources).bind(b.engagement).bind(now).bind(b.requires_approval).bind(b.posts_per_month)
                .fetch_one(&mut *tx).await.map_err(conflict_on_unique("slug"))?;
            id
        }, DomainEvent::BlogChanged { blog_id: id }, now)
    }

    /// Change a blog's settings, if nobody saved them since
    /// `expected_version` (`StaleVersion` otherwise; nothing is written).
    pub async fn update_blog(
        &self,
        id: BlogId,
        expected_version: i64,
        b: &BlogInput<'_>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE blogs SET slug = $1, name = $2, tagline = $3, language = $4, audience = $5, unit_id = $6,
                     purpose = $7, goal = $8, resources = $9, engagement = $10, updated_at = $11, requires_approval = $13, posts_per_month = $14,
                     version = version + 1 WHERE id = $12 AND version = $15";
        with_event!(self, tx, done => {
            let done = sqlx::query(sql)
                .bind(b.slug.as_str()).bind(b.name).bind(b.tagline).bind(b.language.as_str())
                .bind(b.audience.as_str()).bind(b.unit_id).bind(b.purpose).bind(b.goal)
                .bind(b.resources).bind(b.engagement).bind(now).bind(id).bind(b.requires_approval).bind(b.posts_per_month)
                .bind(expected_version)
                .execute(&mut *tx).await.map_err(conflict_on_unique("slug"))?;
            if done.rows_affected() == 0 {
                blog_stale!(tx, id);
            }
        }, DomainEvent::BlogChanged { blog_id: id }, now)
    }

    /// Any blog, for staff screens. Public code uses [`crate::Reader`].
    pub async fn blog(&self, id: BlogId) -> Result<Blog> {
        let sql = format!("SELECT {BLOG_COLUMNS} FROM blogs WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    pub async fn blog_id_by_slug(&self, slug: &str) -> Result<Option<BlogId>> {
        let sql = "SELECT id FROM blogs WHERE slug = $1";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).bind(slug).fetch_optional(p).await)?)
    }

    /// Every blog, for staff screens.
    pub async fn all_blogs(&self) -> Result<Vec<Blog>> {
        let sql = format!("SELECT {BLOG_COLUMNS} FROM blogs ORDER BY name");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// Whether a blog takes comments, for how long, how they are moderated,
    /// its policy's own words, blocked words and response-time targets.
    pub async fn set_comment_settings(
        &self,
        blog_id: BlogId,
        expected_version: i64,
        c: &CommentSettings<'_>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE blogs SET comments_enabled = $1, comments_close_days = $2, moderation = $3, comment_policy = $4,
                     blocked_words = $5, moderation_hours = $6, answer_hours = $7, version = version + 1 WHERE id = $8 AND version = $9";
        with_event!(self, tx, done => {
            let done = sqlx::query(sql).bind(c.enabled).bind(c.close_days).bind(c.moderation.as_str()).bind(c.policy)
                .bind(c.blocked_words).bind(c.moderation_hours).bind(c.answer_hours).bind(blog_id).bind(expected_version)
                .execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                blog_stale!(tx, blog_id);
            }
        }, DomainEvent::BlogChanged { blog_id }, now)
    }
}

/// A blog's comment settings, already checked.
pub struct CommentSettings<'a> {
    pub enabled: bool,
    /// 0: comments never close.
    pub close_days: i64,
    pub moderation: lykta_domain::Moderation,
    pub policy: &'a str,
    /// One word or phrase per line.
    pub blocked_words: &'a str,
    pub moderation_hours: i64,
    pub answer_hours: i64,
}
