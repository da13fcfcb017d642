//! Publishing to the spokes, complete: the team's own text per channel, a
//! blog's default channels and its choices for the copies (remove them when
//! a post comes down, show "also on" links), copies updated when a
//! published post is edited and removed when it is unpublished — each a
//! delivery of that *kind* re-queued **in the same transaction** as the
//! change ([`propagate_edit!`], [`propagate_unpublish!`]) — every outcome
//! kept ([`DeliveryEvent`]), and what each channel sent and failed.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{BlogId, ChannelId, DeliveryId, Platform, PostId};
use serde::Serialize;

/// What a delivery does to the copy on its next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryKind {
    Publish,
    Update,
    Delete,
}

impl DeliveryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryKind::Publish => "publish",
            DeliveryKind::Update => "update",
            DeliveryKind::Delete => "delete",
        }
    }
}

impl TryFrom<String> for DeliveryKind {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        Ok(match s.as_str() {
            "publish" => DeliveryKind::Publish,
            "update" => DeliveryKind::Update,
            "delete" => DeliveryKind::Delete,
            _ => return Err(format!("unknown delivery kind {s:?}")),
        })
    }
}

/// One outcome of one attempt, kept.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DeliveryEvent {
    pub delivery_id: DeliveryId,
    pub channel_name: String,
    pub kind: String,
    pub state: String,
    pub problem: String,
    pub at: i64,
}

/// A blog's choices for syndication.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BlogSyndication {
    /// New posts go to these channels unless the team says otherwise.
    pub channels: Vec<ChannelId>,
    /// Unpublishing a post removes its copies.
    pub remove_on_unpublish: bool,
    /// The public post links to its copies ("also on").
    pub show_also_on: bool,
}

/// A copy of a post on a channel, for "also on" links.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Copy {
    pub channel_name: String,
    #[sqlx(try_from = "String")]
    pub platform: Platform,
    pub url: String,
}

/// A delivery on its way (queued, or waiting for its paused channel).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InFlight {
    pub delivery_id: DeliveryId,
    pub post_id: PostId,
    pub title: String,
    pub kind: String,
}

/// What one channel did in a period.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ChannelMonth {
    pub channel_id: ChannelId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub platform: Platform,
    pub sent: i64,
    pub failed: i64,
    /// The oldest failed delivery, for its retry button.
    pub failed_delivery: Option<DeliveryId>,
    pub failed_post: Option<PostId>,
}

/// A delivery in the calendar: where a post goes, and when.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlannedDelivery {
    pub post_id: PostId,
    pub channel_name: String,
    #[sqlx(try_from = "String")]
    pub platform: Platform,
    pub state: String,
}

/// A published post of `$post_id` was edited, inside `$tx`: every copy
/// already sent is updated (its delivery re-queued as an update, with its
/// job); a delivery still waiting sends the new text anyway.
macro_rules! propagate_edit {
    ($tx:expr, $post_id:expr, $now:expr) => {{
        let (post_id, now): (lykta_domain::PostId, i64) = ($post_id, $now);
        let ids: Vec<lykta_domain::DeliveryId> = sqlx::query_scalar(
            "UPDATE deliveries SET kind = 'update', state = 'queued', problem = '', updated_at = $2
              WHERE post_id = $1 AND remote_id IS NOT NULL AND state IN ('sent', 'failed') RETURNING id")
            .bind(post_id).bind(now).fetch_all(&mut *$tx).await?;
        $crate::jobs::enqueue_deliver_jobs!($tx, &ids, now);
    }};
}
pub(crate) use propagate_edit;

/// The team changed its own text for `$channels` (`&[ChannelId]`) of
/// published post `$post_id`, inside `$tx`: each copy already sent there is
/// updated (its delivery re-queued as an update, with its job), as for an
/// edit of the post. Evaluates to whether any was.
macro_rules! carry_own_texts {
    ($tx:expr, $post_id:expr, $channels:expr, $now:expr) => {{
        let (post_id, channels, now): (lykta_domain::PostId, &[lykta_domain::ChannelId], i64) = ($post_id, $channels, $now);
        let mut ids: Vec<lykta_domain::DeliveryId> = Vec::new();
        if !channels.is_empty() {
            let sql = format!(
                "UPDATE deliveries SET kind = 'update', state = 'queued', problem = '', updated_at = $2
                  WHERE post_id = $1 AND remote_id IS NOT NULL AND state IN ('sent', 'failed')
                    AND EXISTS (SELECT 1 FROM posts p WHERE p.id = $1 AND p.state = 'published')
                    AND channel_id IN ({}) RETURNING id",
                $crate::placeholders(3, channels.len())
            );
            let mut q = sqlx::query_scalar(&sql).bind(post_id).bind(now);
            for c in channels {
                q = q.bind(*c);
            }
            ids = q.fetch_all(&mut *$tx).await?;
            $crate::jobs::enqueue_deliver_jobs!($tx, &ids, now);
        }
        !ids.is_empty()
    }};
}
pub(crate) use carry_own_texts;

/// Post `$post_id` came down, inside `$tx`: when its blog says so, every
/// copy is removed (a delete delivery with its job); a delivery that never
/// went out is not sent at all. Published again later, removed copies go
/// out again with a fresh idempotency key.
macro_rules! propagate_unpublish {
    ($tx:expr, $post_id:expr, $now:expr) => {{
        let (post_id, now): (lykta_domain::PostId, i64) = ($post_id, $now);
        let remove: Option<bool> = sqlx::query_scalar(
            "SELECT bs.remove_on_unpublish FROM blog_syndication bs JOIN posts p ON p.blog_id = bs.blog_id WHERE p.id = $1")
            .bind(post_id).fetch_optional(&mut *$tx).await?;
        if remove == Some(true) {
            let ids: Vec<lykta_domain::DeliveryId> = sqlx::query_scalar(
                "UPDATE deliveries SET kind = 'delete', state = 'queued', problem = '', updated_at = $2
                  WHERE post_id = $1 AND remote_id IS NOT NULL AND state <> 'removed' RETURNING id")
                .bind(post_id).bind(now).fetch_all(&mut *$tx).await?;
            $crate::jobs::enqueue_deliver_jobs!($tx, &ids, now);
        }
    }};
}
pub(crate) use propagate_unpublish;

/// Post `$post_id` is published again, inside `$tx`: copies that were
/// removed go out again, each with a new idempotency key (the platform
/// would otherwise answer with the removed copy).
macro_rules! republish_removed {
    ($tx:expr, $post_id:expr, $now:expr) => {{
        let (post_id, now): (lykta_domain::PostId, i64) = ($post_id, $now);
        let ids: Vec<lykta_domain::DeliveryId> = sqlx::query_scalar(
            "UPDATE deliveries SET kind = 'publish', state = 'queued', remote_id = NULL, remote_url = NULL, problem = '',
                idempotency_key = idempotency_key || '-' || CAST($2 AS TEXT), updated_at = $2
              WHERE post_id = $1 AND state = 'removed' RETURNING id")
            .bind(post_id).bind(now).fetch_all(&mut *$tx).await?;
        $crate::jobs::enqueue_deliver_jobs!($tx, &ids, now);
    }};
}
pub(crate) use republish_removed;

/// A new post of blog `$blog_id` goes to the blog's default channels.
macro_rules! default_channels {
    ($tx:expr, $post_id:expr, $blog_id:expr) => {{
        sqlx::query(
            "INSERT INTO post_channels (post_id, channel_id) SELECT $1, channel_id FROM blog_channels WHERE blog_id = $2",
        )
        .bind($post_id)
        .bind($blog_id)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use default_channels;

/// Record an outcome of delivery `$id` inside `$tx`.
macro_rules! delivery_event {
    ($tx:expr, $id:expr, $state:expr, $problem:expr, $now:expr) => {{
        sqlx::query(
            "INSERT INTO delivery_events (delivery_id, kind, state, problem, at)
             SELECT id, kind, $2, $3, $4 FROM deliveries WHERE id = $1",
        )
        .bind($id)
        .bind($state)
        .bind($problem)
        .bind($now)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use delivery_event;

impl Store {
    /// The team's own text for `post` on `channel` ('' : the composed one).
    pub async fn channel_text(&self, post: PostId, channel: ChannelId) -> Result<String> {
        let sql = "SELECT text FROM post_channels WHERE post_id = $1 AND channel_id = $2";
        let t: Option<String> = with_pool!(self, p => sqlx::query_scalar(sql).bind(post).bind(channel).fetch_optional(p).await)?;
        Ok(t.unwrap_or_default())
    }

    /// The channels Lykta holds credentials for.
    pub async fn connected_channels(&self) -> Result<Vec<ChannelId>> {
        let sql = "SELECT channel_id FROM channel_connections WHERE access_token <> '' ORDER BY channel_id";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).fetch_all(p).await)?)
    }

    pub async fn blog_syndication(&self, blog: BlogId) -> Result<BlogSyndication> {
        let flags: Option<(bool, bool)> = with_pool!(self, p => sqlx::query_as(
            "SELECT remove_on_unpublish, show_also_on FROM blog_syndication WHERE blog_id = $1")
            .bind(blog).fetch_optional(p).await)?;
        let channels: Vec<ChannelId> = with_pool!(self, p => sqlx::query_scalar(
            "SELECT channel_id FROM blog_channels WHERE blog_id = $1 ORDER BY channel_id")
            .bind(blog).fetch_all(p).await)?;
        let (remove_on_unpublish, show_also_on) = flags.unwrap_or_default();
        Ok(BlogSyndication {
            channels,
            remove_on_unpublish,
            show_also_on,
        })
    }

    pub async fn set_blog_syndication(&self, blog: BlogId, s: &BlogSyndication) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(
                "INSERT INTO blog_syndication (blog_id, remove_on_unpublish, show_also_on) VALUES ($1, $2, $3)
                 ON CONFLICT (blog_id) DO UPDATE SET remove_on_unpublish = $2, show_also_on = $3")
                .bind(blog).bind(s.remove_on_unpublish).bind(s.show_also_on).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM blog_channels WHERE blog_id = $1").bind(blog).execute(&mut *tx).await?;
            for c in &s.channels {
                sqlx::query("INSERT INTO blog_channels (blog_id, channel_id) VALUES ($1, $2)")
                    .bind(blog).bind(*c).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// What the delivery's next attempt does.
    pub async fn delivery_kind(&self, id: DeliveryId) -> Result<DeliveryKind> {
        let k: Option<String> = with_pool!(self, p => sqlx::query_scalar("SELECT kind FROM deliveries WHERE id = $1")
            .bind(id).fetch_optional(p).await)?;
        DeliveryKind::try_from(k.ok_or(StoreError::NotFound)?)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))
    }

    /// The copy was changed (updated: its address now) or removed.
    pub async fn delivery_changed(
        &self,
        id: DeliveryId,
        kind: DeliveryKind,
        url: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let state = if kind == DeliveryKind::Delete {
            "removed"
        } else {
            "sent"
        };
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("UPDATE deliveries SET state = $1, remote_url = COALESCE($2, remote_url), problem = '',
                           attempts = attempts + 1, updated_at = $3 WHERE id = $4")
                .bind(state).bind(url).bind(now).bind(id).execute(&mut *tx).await?;
            delivery_event!(tx, id, if kind == DeliveryKind::Delete { "removed" } else { "updated" }, "", now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// The platform cannot change a copy once sent (Instagram): the
    /// delivery's update ends there, the copy as it was, and the page says
    /// why (`not-editable` in its outcomes).
    pub async fn delivery_not_editable(&self, id: DeliveryId, why: &str, now: i64) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query("UPDATE deliveries SET state = 'sent', problem = '', updated_at = $1 WHERE id = $2")
                .bind(now).bind(id).execute(&mut *tx).await?;
            delivery_event!(tx, id, "not-editable", why, now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// The channel of each of these deliveries (those that exist).
    pub async fn delivery_channels(
        &self,
        ids: &[DeliveryId],
    ) -> Result<std::collections::HashMap<DeliveryId, ChannelId>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let sql = format!(
            "SELECT id, channel_id FROM deliveries WHERE id IN ({})",
            crate::placeholders(1, ids.len())
        );
        let rows: Vec<(DeliveryId, ChannelId)> = with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?;
        Ok(rows.into_iter().collect())
    }

    /// Every outcome of a post's deliveries, newest first.
    pub async fn delivery_events(&self, post: PostId) -> Result<Vec<DeliveryEvent>> {
        let sql = "SELECT e.delivery_id, c.name AS channel_name, e.kind, e.state, e.problem, e.at
                     FROM delivery_events e JOIN deliveries d ON d.id = e.delivery_id JOIN channels c ON c.id = d.channel_id
                    WHERE d.post_id = $1 ORDER BY e.id DESC LIMIT 100";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(post).fetch_all(p).await)?)
    }

    /// The copies of a post that are out there, for "also on" links — only
    /// when its blog shows them.
    pub async fn also_on(&self, post: PostId) -> Result<Vec<Copy>> {
        let sql = "SELECT c.name AS channel_name, c.platform, d.remote_url AS url
                     FROM deliveries d JOIN channels c ON c.id = d.channel_id JOIN posts p ON p.id = d.post_id
                     JOIN blog_syndication bs ON bs.blog_id = p.blog_id AND bs.show_also_on
                    WHERE d.post_id = $1 AND d.remote_url IS NOT NULL AND d.state = 'sent'
                    ORDER BY c.name";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(post).fetch_all(p).await)?)
    }

    /// The channel's deliveries still on their way.
    pub async fn deliveries_in_flight(&self, channel: ChannelId) -> Result<Vec<InFlight>> {
        let sql = "SELECT d.id AS delivery_id, d.post_id, p.title, d.kind FROM deliveries d JOIN posts p ON p.id = d.post_id
                    WHERE d.channel_id = $1 AND d.state IN ('queued', 'paused') ORDER BY d.id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(channel).fetch_all(p).await)?)
    }

    /// Per connected channel, what was sent since `since` and what failed
    /// (the oldest failure first, to retry).
    pub async fn channel_months(&self, since: i64) -> Result<Vec<ChannelMonth>> {
        let sql = "SELECT c.id AS channel_id, c.name, c.platform,
                     (SELECT COUNT(*) FROM deliveries d WHERE d.channel_id = c.id AND d.state = 'sent' AND d.sent_at >= $1) AS sent,
                     (SELECT COUNT(*) FROM deliveries d WHERE d.channel_id = c.id AND d.state IN ('failed', 'reauthenticate')) AS failed,
                     (SELECT MIN(d.id) FROM deliveries d WHERE d.channel_id = c.id AND d.state IN ('failed', 'reauthenticate')) AS failed_delivery,
                     (SELECT d.post_id FROM deliveries d WHERE d.channel_id = c.id AND d.state IN ('failed', 'reauthenticate') ORDER BY d.id LIMIT 1) AS failed_post
                   FROM channels c
                  WHERE EXISTS (SELECT 1 FROM channel_connections cc WHERE cc.channel_id = c.id)
                     OR EXISTS (SELECT 1 FROM deliveries d WHERE d.channel_id = c.id)
                  ORDER BY c.name, c.id";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(since).fetch_all(p).await)?)
    }

    /// Where the posts go: the deliveries and the chosen channels (not yet
    /// delivered) of these posts.
    pub async fn planned_deliveries(&self, posts: &[PostId]) -> Result<Vec<PlannedDelivery>> {
        if posts.is_empty() {
            return Ok(Vec::new());
        }
        let list = posts
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT d.post_id, c.name AS channel_name, c.platform, d.state FROM deliveries d JOIN channels c ON c.id = d.channel_id
              WHERE d.post_id IN ({list})
             UNION ALL
             SELECT pc.post_id, c.name AS channel_name, c.platform, 'chosen' AS state FROM post_channels pc JOIN channels c ON c.id = pc.channel_id
              WHERE pc.post_id IN ({list})
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = pc.post_id AND d.channel_id = pc.channel_id)
             ORDER BY 1, 2"
        );
        Ok(with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// A delivery recorded as the platform answered it, without a job (the
    /// demo's stand-in for a platform): `Sent` with the copy's id and
    /// address, or not sent with the problem.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_delivery(
        &self,
        post: PostId,
        channel: ChannelId,
        state: crate::DeliveryState,
        remote: Option<(&str, &str)>,
        problem: &str,
        now: i64,
    ) -> Result<DeliveryId> {
        let key = crate::syndication::idempotency_key("recorded", post, channel);
        let (remote_id, remote_url) = remote.unzip();
        let sent_at = remote.map(|_| now);
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let id: DeliveryId = sqlx::query_scalar(
                "INSERT INTO deliveries (post_id, channel_id, idempotency_key, state, remote_id, remote_url, problem, attempts, created_at, updated_at, sent_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $9) RETURNING id")
                .bind(post).bind(channel).bind(&key).bind(state.as_str()).bind(remote_id).bind(remote_url)
                .bind(problem).bind(now).bind(sent_at).fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO post_channels (post_id, channel_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(post).bind(channel).execute(&mut *tx).await?;
            delivery_event!(tx, id, state.as_str(), problem, now);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }
}
