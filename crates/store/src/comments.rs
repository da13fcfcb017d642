//! Comments and their moderation. Every comment is recorded as received and
//! every decision with who, when and why ([`crate::record`]), in the same
//! transaction. Nothing here deletes: hiding, rejecting and marking as spam
//! or secret change the state only.

use crate::events::append_event;
use crate::record::append_record;
use crate::{placeholders, with_pool, Result, Store, StoreError};
use lykta_domain::DomainEvent;
use lykta_domain::{BlogId, CommentId, PostId, UserId};
use serde::Serialize;

pub use lykta_domain::CommentState;

/// A comment as moderators see it (with the e-mail, never shown publicly).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Comment {
    pub id: CommentId,
    pub post_id: PostId,
    pub parent_id: Option<CommentId>,
    pub user_id: Option<UserId>,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    #[sqlx(try_from = "String")]
    pub state: CommentState,
    pub reason: String,
    pub moderator_note: String,
    pub is_answer: bool,
    pub reports: i64,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    /// The name of the person who decided last, if anyone has.
    pub decided_by_name: Option<String>,
    pub post_title: String,
    pub post_slug: String,
    pub blog_id: BlogId,
    pub blog_name: String,
    pub blog_slug: String,
    /// Where it came from when not from the site: the platform, the
    /// author's public handle and the answer's address there.
    pub source_platform: Option<String>,
    pub source_handle: Option<String>,
    pub source_url: Option<String>,
}

/// A comment as readers see it: no e-mail, no moderation details.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PublicComment {
    pub id: CommentId,
    pub parent_id: Option<CommentId>,
    pub author_name: String,
    pub body: String,
    pub is_answer: bool,
    pub created_at: i64,
}

pub struct NewComment<'a> {
    pub post_id: PostId,
    pub parent_id: Option<CommentId>,
    /// A signed-in person (internal blogs, the team's answers).
    pub user_id: Option<UserId>,
    pub author_name: &'a str,
    pub author_email: &'a str,
    pub body: &'a str,
    pub state: CommentState,
    /// The team's answer, marked as the organisation's.
    pub is_answer: bool,
    /// A keyed hash of the sender's address (rate limits, duplicates).
    pub client_hash: &'a str,
    /// An answer on a connected channel, not on the site.
    pub source: Option<CommentSource<'a>>,
}

/// Where an answer on a connected channel came from.
#[derive(Debug, Clone, Copy)]
pub struct CommentSource<'a> {
    pub platform: &'a str,
    /// The author's public handle, e.g. `@anna@social.example`.
    pub handle: &'a str,
    /// The answer's address on the platform.
    pub url: &'a str,
    /// The answer's id on the platform (each is taken once).
    pub remote_id: &'a str,
}

/// A moderation decision.
pub struct Decision<'a> {
    pub to: CommentState,
    pub reason: &'a str,
    pub note: &'a str,
}

/// What the moderation queue shows.
pub struct QueueFilter<'a> {
    pub blog_ids: &'a [BlogId],
    /// None: waiting (pending) and reported.
    pub state: Option<CommentState>,
    /// Only comments received before this instant.
    pub before: Option<i64>,
}

/// Where the comments a queue page shows came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueSource {
    /// The site's own comment form.
    Site,
    /// Replies fetched from a connected channel on this platform.
    Channel(lykta_domain::Platform),
}

/// A position in the queue: a comment's received time and id (the queue's
/// order), so that a page starts where the last ended whatever was decided
/// meanwhile (keyset paging, never an offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueKey {
    pub at: i64,
    pub id: CommentId,
}

/// Which page of the queue: the first, the one after a key or the one
/// before a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueFrom {
    #[default]
    Start,
    After(QueueKey),
    Before(QueueKey),
}

/// One page of the moderation queue.
#[derive(Debug, Clone)]
pub struct QueuePage {
    pub comments: Vec<Comment>,
    /// How many the filters pick in all.
    pub total: i64,
    /// How many of those come before this page.
    pub before: i64,
}

impl QueuePage {
    /// The key of the page's first and last comment.
    pub fn first_key(&self) -> Option<QueueKey> {
        self.comments.first().map(Comment::queue_key)
    }
    pub fn last_key(&self) -> Option<QueueKey> {
        self.comments.last().map(Comment::queue_key)
    }
}

impl Comment {
    /// Its position in the queue.
    pub fn queue_key(&self) -> QueueKey {
        QueueKey {
            at: self.created_at,
            id: self.id,
        }
    }
}

const COMMENT_COLUMNS: &str = "c.id, c.post_id, c.parent_id, c.user_id, c.author_name, c.author_email, c.body, c.state, c.reason, c.moderator_note,
    c.is_answer, c.reports, c.created_at, c.decided_at, du.name AS decided_by_name, p.title AS post_title, p.slug AS post_slug, b.id AS blog_id, b.name AS blog_name, b.slug AS blog_slug,
    c.source_platform, c.source_handle, c.source_url";
const COMMENTS: &str =
    "comments c JOIN posts p ON p.id = c.post_id JOIN blogs b ON b.id = p.blog_id LEFT JOIN users du ON du.id = c.decided_by";

/// How many comments a moderator's queue holds per state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QueueCounts {
    /// Waiting for a moderator, or published and reported by a reader.
    pub waiting: i64,
    /// Per state, every state listed.
    pub states: Vec<(CommentState, i64)>,
}

impl Store {
    /// Store a comment as received, and record it. A reply to a reply joins
    /// the first comment (one level of replies).
    pub async fn add_comment(&self, c: &NewComment<'_>, now: i64) -> Result<CommentId> {
        let mut payload = serde_json::json!({
            "post_id": c.post_id, "parent_id": c.parent_id, "user_id": c.user_id,
            "author_name": c.author_name, "author_email": c.author_email, "body": c.body,
            "state": c.state.as_str(), "is_answer": c.is_answer,
        });
        // An answer from a connected channel: the record says where it came from.
        if let Some(src) = &c.source {
            payload["source"] = serde_json::json!({
                "platform": src.platform, "handle": src.handle, "url": src.url, "id": src.remote_id,
            });
        }
        let payload = payload.to_string();
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            // The record's head first: every writer takes locks in one order.
            sqlx::query(crate::record::LOCK_HEAD_SQL).execute(&mut *tx).await?;
            let parent = match c.parent_id {
                None => None,
                Some(id) => {
                    // Readers reply to what they can see; the team to anything it answers.
                    let row: Option<(CommentId, Option<CommentId>)> = sqlx::query_as("SELECT id, parent_id FROM comments WHERE id = $1 AND post_id = $2 AND (state = 'published' OR $3)")
                        .bind(id).bind(c.post_id).bind(c.is_answer).fetch_optional(&mut *tx).await?;
                    let (id, parent) = row.ok_or(StoreError::NotFound)?;
                    Some(parent.unwrap_or(id))
                }
            };
            let id: CommentId = sqlx::query_scalar(
                "INSERT INTO comments (post_id, parent_id, user_id, author_name, author_email, body, state, is_answer, client_hash, created_at,
                   source_platform, source_handle, source_url, source_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id")
                .bind(c.post_id).bind(parent).bind(c.user_id).bind(c.author_name).bind(c.author_email).bind(c.body)
                .bind(c.state.as_str()).bind(c.is_answer).bind(c.client_hash).bind(now)
                .bind(c.source.map(|s| s.platform)).bind(c.source.map(|s| s.handle))
                .bind(c.source.map(|s| s.url)).bind(c.source.map(|s| s.remote_id))
                .fetch_one(&mut *tx).await.map_err(crate::conflict_on_unique("comment-source"))?;
            append_record!(tx, "comment-received", id, c.user_id, now, payload);
            let event = if c.state == CommentState::Published {
                DomainEvent::CommentPublished { comment_id: id, post_id: c.post_id }
            } else {
                DomainEvent::CommentChanged { comment_id: id, post_id: c.post_id }
            };
            append_event!(tx, event, now);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Decide on comments (one or many), each recorded with who, when and
    /// why. Returns how many changed.
    pub async fn moderate(
        &self,
        ids: &[CommentId],
        d: &Decision<'_>,
        actor: UserId,
        now: i64,
    ) -> Result<usize> {
        let mut changed = 0;
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(crate::record::LOCK_HEAD_SQL).execute(&mut *tx).await?;
            let mut events = Vec::new();
            for id in ids {
                let before: Option<(String, PostId)> = sqlx::query_as("SELECT state, post_id FROM comments WHERE id = $1")
                    .bind(*id).fetch_optional(&mut *tx).await?;
                let done = sqlx::query("UPDATE comments SET state = $1, reason = $2, moderator_note = $3, decided_by = $4, decided_at = $5, reports = 0 WHERE id = $6")
                    .bind(d.to.as_str()).bind(d.reason).bind(d.note).bind(actor).bind(now).bind(*id)
                    .execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    continue;
                }
                changed += 1;
                let payload = serde_json::json!({ "state": d.to.as_str(), "reason": d.reason, "note": d.note }).to_string();
                append_record!(tx, "comment-decision", *id, Some(actor), now, payload);
                if let Some((was, post_id)) = before {
                    let shown = d.to == CommentState::Published;
                    if shown && was != "published" {
                        events.push(DomainEvent::CommentPublished { comment_id: *id, post_id });
                    } else if !shown && was == "published" {
                        events.push(DomainEvent::CommentWithdrawn { comment_id: *id, post_id });
                    } else {
                        events.push(DomainEvent::CommentChanged { comment_id: *id, post_id });
                    }
                }
            }
            for e in events {
                append_event!(tx, e, now);
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)?;
        Ok(changed)
    }

    /// A reader flags a published comment: it shows up in the queue.
    pub async fn report_comment(&self, id: CommentId, post_id: PostId) -> Result<()> {
        let sql = "UPDATE comments SET reports = reports + 1 WHERE id = $1 AND post_id = $2 AND state = 'published'";
        let done = with_pool!(self, p => sqlx::query(sql).bind(id).bind(post_id).execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn comment(&self, id: CommentId) -> Result<Comment> {
        let sql = format!("SELECT {COMMENT_COLUMNS} FROM {COMMENTS} WHERE c.id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// The comments of a blog waiting for a moderator (the staff search).
    pub async fn waiting_comments_of_blog(&self, blog_id: BlogId) -> Result<Vec<CommentId>> {
        let sql = "SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.blog_id = $1 AND c.state = 'pending' ORDER BY c.id";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).bind(blog_id).fetch_all(p).await)?)
    }

    /// The moderation queue, oldest first (at most 500; the moderators'
    /// page is [`Store::comment_queue_page`]).
    pub async fn comment_queue(&self, f: &QueueFilter<'_>) -> Result<Vec<Comment>> {
        Ok(self
            .comment_queue_page(f, None, QueueFrom::Start, 500)
            .await?
            .comments)
    }

    /// One page of at most `limit` comments of the moderation queue, oldest
    /// first, from `source` only when given, starting after (or ending
    /// before) a key; with how many the filters pick and how many come
    /// before the page.
    pub async fn comment_queue_page(
        &self,
        f: &QueueFilter<'_>,
        source: Option<QueueSource>,
        from: QueueFrom,
        limit: i64,
    ) -> Result<QueuePage> {
        if f.blog_ids.is_empty() {
            return Ok(QueuePage {
                comments: Vec::new(),
                total: 0,
                before: 0,
            });
        }
        let state = match f.state {
            None => "(c.state = 'pending' OR (c.state = 'published' AND c.reports > 0))".to_owned(),
            Some(s) => format!("c.state = '{}'", s.as_str()),
        };
        // $1 received before, $2 platform ('' : the site), $3/$4 the key, then the blogs.
        let source_sql = match source {
            None => "$2 = $2",
            Some(QueueSource::Site) => "(c.source_platform IS NULL AND $2 = '')",
            Some(QueueSource::Channel(_)) => "c.source_platform = $2",
        };
        let platform = match source {
            Some(QueueSource::Channel(p)) => p.as_str(),
            _ => "",
        };
        let filter = format!(
            "{state} AND c.created_at <= $1 AND {source_sql} AND b.id IN ({})",
            placeholders(5, f.blog_ids.len())
        );
        let (key, page_sql) = match from {
            QueueFrom::Start => (None, "$3 = $3 AND $4 = $4 ORDER BY c.created_at, c.id"),
            QueueFrom::After(k) => (Some(k), "(c.created_at > $3 OR (c.created_at = $3 AND c.id > $4)) ORDER BY c.created_at, c.id"),
            QueueFrom::Before(k) => (Some(k), "(c.created_at < $3 OR (c.created_at = $3 AND c.id < $4)) ORDER BY c.created_at DESC, c.id DESC"),
        };
        let (at, id) = key.map_or((0, 0), |k| (k.at, k.id.get()));
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM {COMMENTS} WHERE {filter} AND {page_sql} LIMIT {}",
            limit.max(1)
        );
        let mut comments: Vec<Comment> = with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql).bind(f.before.unwrap_or(i64::MAX)).bind(platform).bind(at).bind(id);
            for b in f.blog_ids { q = q.bind(*b); }
            q.fetch_all(p).await?
        });
        if matches!(from, QueueFrom::Before(_)) {
            comments.reverse();
        }
        // How many in all, and how many before the page's first comment.
        let first = comments
            .first()
            .map_or((i64::MAX, i64::MAX), |c| (c.created_at, c.id.get()));
        let count_sql = format!(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.created_at < $3 OR (c.created_at = $3 AND c.id < $4) THEN 1 ELSE 0 END), 0)
               FROM comments c JOIN posts p ON p.id = c.post_id JOIN blogs b ON b.id = p.blog_id WHERE {filter}"
        );
        let (total, before): (i64, i64) = with_pool!(self, p => {
            let mut q = sqlx::query_as(&count_sql).bind(f.before.unwrap_or(i64::MAX)).bind(platform).bind(first.0).bind(first.1);
            for b in f.blog_ids { q = q.bind(*b); }
            q.fetch_one(p).await?
        });
        Ok(QueuePage {
            comments,
            total,
            before,
        })
    }

    /// How many comments each state holds in these blogs (from `source`
    /// only, when given).
    pub async fn queue_counts(
        &self,
        blog_ids: &[BlogId],
        source: Option<QueueSource>,
    ) -> Result<QueueCounts> {
        if blog_ids.is_empty() {
            return Ok(QueueCounts::default());
        }
        let (source_sql, platform) = match source {
            None => ("$1 = $1", ""),
            Some(QueueSource::Site) => ("(c.source_platform IS NULL AND $1 = '')", ""),
            Some(QueueSource::Channel(p)) => ("c.source_platform = $1", p.as_str()),
        };
        let sql = format!(
            "SELECT c.state, COUNT(*), SUM(CASE WHEN c.state = 'pending' OR (c.state = 'published' AND c.reports > 0) THEN 1 ELSE 0 END)
               FROM comments c JOIN posts p ON p.id = c.post_id WHERE {source_sql} AND p.blog_id IN ({}) GROUP BY c.state",
            placeholders(2, blog_ids.len())
        );
        let rows: Vec<(String, i64, i64)> = with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql).bind(platform);
            for id in blog_ids { q = q.bind(*id); }
            q.fetch_all(p).await?
        });
        let of = |state: CommentState| {
            rows.iter()
                .find(|(s, _, _)| s == state.as_str())
                .map_or(0, |(_, n, _)| *n)
        };
        Ok(QueueCounts {
            waiting: rows.iter().map(|(_, _, w)| w).sum(),
            states: CommentState::ALL.iter().map(|s| (*s, of(*s))).collect(),
        })
    }

    /// These comments as they stand now (the record shows each one's outcome).
    pub async fn comments_by_ids(&self, ids: &[CommentId]) -> Result<Vec<Comment>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM {COMMENTS} WHERE c.id IN ({})",
            placeholders(1, ids.len())
        );
        Ok(with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in ids { q = q.bind(*id); }
            q.fetch_all(p).await?
        }))
    }

    /// How many comments arrived from this sender since `since` (rate limits).
    pub async fn comments_from(&self, client_hash: &str, since: i64) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM comments WHERE client_hash = $1 AND created_at >= $2";
        Ok(
            with_pool!(self, p => sqlx::query_scalar(sql).bind(client_hash).bind(since).fetch_one(p).await)?,
        )
    }

    /// Comments waiting for a moderator: (on this post, in its blog).
    pub async fn waiting_comments(&self, post_id: PostId) -> Result<(i64, i64)> {
        let sql = "SELECT
              (SELECT COUNT(*) FROM comments WHERE post_id = $1 AND state = 'pending'),
              (SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id
                 WHERE p.blog_id = (SELECT blog_id FROM posts WHERE id = $1) AND c.state = 'pending')";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(post_id).fetch_one(p).await)?)
    }

    /// Where the queue is full: posts with at least `per_post` comments
    /// waiting (blog, post title, count) and blogs with at least `per_blog`
    /// (blog, count).
    pub async fn full_queues(
        &self,
        per_post: i64,
        per_blog: i64,
    ) -> Result<(Vec<(BlogId, String, i64)>, Vec<(BlogId, i64)>)> {
        let posts = "SELECT p.blog_id, p.title, COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id
                     WHERE c.state = 'pending' GROUP BY p.blog_id, p.id, p.title HAVING COUNT(*) >= $1 ORDER BY p.title";
        let blogs = "SELECT p.blog_id, COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id
                     WHERE c.state = 'pending' GROUP BY p.blog_id HAVING COUNT(*) >= $1";
        Ok((
            with_pool!(self, p => sqlx::query_as(posts).bind(per_post).fetch_all(p).await)?,
            with_pool!(self, p => sqlx::query_as(blogs).bind(per_blog).fetch_all(p).await)?,
        ))
    }

    /// Has a comment from this address been published before (a known sender)?
    pub async fn known_sender(&self, email: &str) -> Result<bool> {
        let sql = "SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE author_email = $1 AND state = 'published' LIMIT 1) AS k";
        let n: i64 = with_pool!(self, p => sqlx::query_scalar(sql).bind(email).fetch_one(p).await)?;
        Ok(n > 0)
    }

    /// Whether the same text was already sent to this post (duplicates).
    pub async fn duplicate_comment(&self, post_id: PostId, body: &str) -> Result<bool> {
        let sql = "SELECT COUNT(*) FROM comments WHERE post_id = $1 AND body = $2";
        let n: i64 = with_pool!(self, p => sqlx::query_scalar(sql).bind(post_id).bind(body).fetch_one(p).await)?;
        Ok(n > 0)
    }

    /// Comments that may need attention: waiting ones, and published
    /// questions (first comments, not the team's) without an answer from
    /// the team, received before `before`; oldest first, at most 500.
    pub async fn comments_needing_attention(&self, before: i64) -> Result<Vec<Comment>> {
        let sql = format!(
            "SELECT {COMMENT_COLUMNS} FROM {COMMENTS}
              WHERE c.created_at <= $1 AND c.created_at >= $4 AND (c.state = 'pending'
                 OR (c.state = 'published' AND c.parent_id IS NULL AND c.is_answer = $2
                     AND NOT EXISTS (SELECT 1 FROM comments a WHERE a.parent_id = c.id AND a.is_answer = $3)))
              ORDER BY c.created_at, c.id LIMIT 500"
        );
        // Only the last 30 days: older ones were escalated long ago.
        let since = before - 30 * 86_400;
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(before).bind(false).bind(true).bind(since).fetch_all(p).await)?,
        )
    }

    /// Every comment sent with this e-mail address (a request about one's
    /// personal data), newest first.
    pub async fn comments_by_email(&self, email: &str) -> Result<Vec<Comment>> {
        let sql = format!("SELECT {COMMENT_COLUMNS} FROM {COMMENTS} WHERE LOWER(c.author_email) = LOWER($1) ORDER BY c.id DESC");
        Ok(with_pool!(self, p => sqlx::query_as(&sql).bind(email).fetch_all(p).await)?)
    }

    /// Show this person's comments under a pseudonym from now on. The record
    /// keeps what was received (the law requires it); the decision is
    /// recorded too. Returns how many comments.
    pub async fn pseudonymise(
        &self,
        email: &str,
        pseudonym: &str,
        actor: UserId,
        now: i64,
    ) -> Result<u64> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let done = sqlx::query("UPDATE comments SET author_name = $1 WHERE LOWER(author_email) = LOWER($2) AND author_email <> ''")
                .bind(pseudonym).bind(email).execute(&mut *tx).await?;
            let n = done.rows_affected();
            if n > 0 {
                let payload = serde_json::json!({ "comments": n, "pseudonym": pseudonym }).to_string();
                append_record!(tx, "pseudonymised", 0_i64, Some(actor), now, payload);
                append_event!(tx, DomainEvent::CommentsPseudonymised, now);
            }
            tx.commit().await?;
            Ok::<_, StoreError>(n)
        }.await)
    }

    /// How many comments this signed-in person sent since `since`.
    pub async fn comments_by_user_since(&self, user_id: UserId, since: i64) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM comments WHERE user_id = $1 AND created_at >= $2";
        Ok(
            with_pool!(self, p => sqlx::query_scalar(sql).bind(user_id).bind(since).fetch_one(p).await)?,
        )
    }

    /// Shut the sender of comment `id` out until `until` (by address hash
    /// and e-mail), recorded with who and why.
    pub async fn ban_sender(
        &self,
        id: CommentId,
        until: i64,
        reason: &str,
        by: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let row: Option<(String, String)> = sqlx::query_as("SELECT client_hash, author_email FROM comments WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let (client, email) = row.ok_or(StoreError::NotFound)?;
            sqlx::query("INSERT INTO comment_bans (client_hash, email, until_at, reason, banned_by, banned_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&client).bind(&email).bind(until).bind(reason).bind(by).bind(now)
                .execute(&mut *tx).await?;
            let payload = serde_json::json!({ "until": until, "reason": reason }).to_string();
            append_record!(tx, "sender-banned", id, Some(by), now, payload);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Until when this sender is shut out, if they are.
    pub async fn banned_until(
        &self,
        client_hash: &str,
        email: &str,
        now: i64,
    ) -> Result<Option<i64>> {
        let sql = "SELECT MAX(until_at) FROM comment_bans WHERE until_at > $1
                     AND ((client_hash <> '' AND client_hash = $2) OR (email <> '' AND LOWER(email) = LOWER($3)))";
        Ok(
            with_pool!(self, p => sqlx::query_scalar(sql).bind(now).bind(client_hash).bind(email).fetch_one(p).await)?,
        )
    }
}
