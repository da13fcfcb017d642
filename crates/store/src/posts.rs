//! Posts as staff see them: create, edit (optimistic concurrency), change
//! state. Every change writes a revision in the same transaction, and
//! scheduling enqueues its publish job in that transaction too.

use crate::events::append_event;
use crate::jobs::enqueue;
use crate::{
    placeholders, with_pool, AuthorRef, Post, PostDetail, Result, Revision, Store, StoreError, Tag,
};
use lykta_domain::UserId;
use lykta_domain::{BlogId, MediaId, PostId, RevisionId};
use lykta_domain::{DomainEvent, PostState, Slug};

/// A post's columns and its cover image's, from [`POSTS`].
pub(crate) const POST_COLUMNS: &str = "p.id, p.blog_id, p.slug, p.title, p.body, p.excerpt, p.cover_media_id, p.cover_alt, p.state, p.workflow, p.publish_at, p.published_at, p.comments_enabled, p.version, p.created_at, p.updated_at, cm.stem AS cover_stem, cm.mime AS cover_mime, cm.width AS cover_width, cm.height AS cover_height, cm.variant_widths AS cover_widths";
/// Posts (`p`) with their cover image (`cm`).
pub(crate) const POSTS: &str = "posts p LEFT JOIN media cm ON cm.id = p.cover_media_id";

#[derive(sqlx::FromRow)]
struct DetailRow {
    kind: String,
    post_id: PostId,
    id: UserId,
    slug: String,
    name: String,
    title: String,
}

/// A scheduled post, for calendars.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct CalendarPost {
    pub id: PostId,
    pub blog_id: BlogId,
    pub blog_name: String,
    pub title: String,
    pub publish_at: i64,
}

/// A post's editable content, already parsed.
pub struct PostInput<'a> {
    pub slug: &'a Slug,
    pub title: &'a str,
    pub body: &'a str,
    pub excerpt: &'a str,
    pub cover_media_id: Option<MediaId>,
    pub cover_alt: &'a str,
    /// (slug, display name), unique by slug.
    pub tags: &'a [(Slug, String)],
    /// At least one.
    pub author_ids: &'a [UserId],
    /// Whether readers may comment on this post (within the blog's rules).
    pub comments_enabled: bool,
}

/// New content for a post, and whether a scheduled post must come off the
/// schedule because of it (see [`Store::save_post`]).
#[derive(Clone, Copy)]
pub struct Edit<'a> {
    pub input: &'a PostInput<'a>,
    pub unschedule: bool,
}

/// The step a save takes on the saved text, in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSave<'a> {
    Nothing,
    Review {
        step: lykta_domain::ReviewStep,
        note: &'a str,
    },
    State(StateChange),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateChange {
    Publish,
    Schedule { at: i64 },
    Unpublish,
    BackToDraft,
}

const REVISION_SQL: &str = "INSERT INTO post_revisions (post_id, version, title, body, excerpt, state, event, saved_by, saved_at)
    SELECT id, version, title, body, excerpt, state, $2, $3, $4 FROM posts WHERE id = $1";

/// Is the slug free in this blog (posts and pages share the blog's paths)?
const SLUG_TAKEN_SQL: &str =
    "SELECT (SELECT COUNT(*) FROM posts WHERE blog_id = $1 AND slug = $2 AND id <> $3)
                                   + (SELECT COUNT(*) FROM pages WHERE blog_id = $1 AND slug = $2)";

/// Record the post as it now stands (a published version, or that it was
/// taken down) in the public record, inside the transaction `$tx`.
macro_rules! record_post {
    ($tx:expr, $id:expr, $kind:expr, $actor:expr, $now:expr) => {{
        let (blog_id, slug, title, excerpt, body, version): (BlogId, String, String, String, String, i64) =
            sqlx::query_as("SELECT blog_id, slug, title, excerpt, body, version FROM posts WHERE id = $1")
                .bind($id)
                .fetch_one(&mut *$tx)
                .await?;
        let payload = serde_json::json!({
            "blog_id": blog_id, "slug": slug, "title": title, "excerpt": excerpt, "body": body, "version": version,
        })
        .to_string();
        crate::record::append_record!($tx, $kind, $id, $actor, $now, payload);
    }};
}

/// A scheduled post back to draft inside the transaction `$tx` (the job
/// then finds nothing to publish); true when it was scheduled.
macro_rules! unschedule_in {
    ($tx:expr, $id:expr, $actor:expr, $now:expr) => {{
        let done = sqlx::query(
            "UPDATE posts SET state = 'draft', publish_at = NULL, version = version + 1, updated_at = $2
             WHERE id = $1 AND state = 'scheduled'")
            .bind($id).bind($now).execute(&mut *$tx).await?;
        if done.rows_affected() > 0 {
            sqlx::query(REVISION_SQL).bind($id).bind("draft").bind($actor).bind($now).execute(&mut *$tx).await?;
            true
        } else {
            false
        }
    }};
}

/// Publish, schedule, unpublish or return post `$id` of blog `$blog_id` to
/// draft inside the transaction `$tx`: a revision, the public record when it
/// goes out or comes down, the publish job when scheduled, the event.
macro_rules! change_state_in {
    ($tx:expr, $id:expr, $blog_id:expr, $change:expr, $actor:expr, $now:expr) => {{
        let (id, blog_id, change, actor, now): (PostId, BlogId, StateChange, UserId, i64) =
            ($id, $blog_id, $change, $actor, $now);
        let (state, publish_at, event) = match change {
            StateChange::Publish => (PostState::Published, None, "published"),
            StateChange::Schedule { at } => (PostState::Scheduled, Some(at), "scheduled"),
            StateChange::Unpublish => (PostState::Unpublished, None, "unpublished"),
            StateChange::BackToDraft => (PostState::Draft, None, "draft"),
        };
        let was: String = sqlx::query_scalar("SELECT state FROM posts WHERE id = $1").bind(id).fetch_one(&mut *$tx).await?;
        let was_published = was == "published";
        sqlx::query(
            "UPDATE posts SET state = $1, publish_at = $2, version = version + 1, updated_at = $3,
               published_at = CASE WHEN $1 = 'published' THEN COALESCE(published_at, $3) ELSE published_at END
             WHERE id = $4")
            .bind(state.as_str()).bind(publish_at).bind(now).bind(id)
            .execute(&mut *$tx).await?;
        sqlx::query(REVISION_SQL).bind(id).bind(event).bind(actor).bind(now).execute(&mut *$tx).await?;
        let event = match change {
            StateChange::Publish => {
                record_post!($tx, id, "post-published", Some(actor), now);
                enqueue!($tx, &crate::Job::MailSubscribers { post_id: id }, now, now);
                crate::syndication::enqueue_deliveries!($tx, id, now);
                crate::spokes::republish_removed!($tx, id, now);
                Some(DomainEvent::PostPublished { post_id: id, blog_id })
            }
            // Taken off the site, however: unpublished, back to draft, rescheduled.
            _ if was_published => {
                record_post!($tx, id, "post-unpublished", Some(actor), now);
                crate::spokes::propagate_unpublish!($tx, id, now);
                Some(DomainEvent::PostUnpublished { post_id: id, blog_id })
            }
            _ => None,
        };
        if let Some(at) = publish_at {
            enqueue!($tx, &crate::Job::PublishPost { post_id: id }, at, now);
        }
        if let Some(event) = event {
            append_event!($tx, event, now);
        }
    }};
}

/// One review step on post `$id` read at `$version` in workflow `$from`,
/// inside the transaction `$tx`: the workflow moves, the step is logged and
/// its mail job queued. A step the workflow does not allow, or a post
/// changed since, is a conflict.
macro_rules! review_in {
    ($tx:expr, $id:expr, $version:expr, $from:expr, $step:expr, $note:expr, $actor:expr, $now:expr) => {{
        let (id, version, from, step, note, actor, now): (PostId, i64, lykta_domain::Workflow, lykta_domain::ReviewStep, &str, UserId, i64) =
            ($id, $version, $from, $step, $note, $actor, $now);
        let to = step.apply(from).map_err(|_| StoreError::Conflict("workflow"))?;
        let done = sqlx::query("UPDATE posts SET workflow = $1 WHERE id = $2 AND workflow = $3 AND version = $4")
            .bind(to.as_str()).bind(id).bind(from.as_str()).bind(version)
            .execute(&mut *$tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict("workflow"));
        }
        let review_id: i64 = sqlx::query_scalar("INSERT INTO post_reviews (post_id, event, note, actor, at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(id).bind(step.event()).bind(note).bind(actor).bind(now)
            .fetch_one(&mut *$tx).await?;
        enqueue!($tx, &crate::Job::NotifyReview { review_id }, now, now);
    }};
}

macro_rules! write_authors_and_tags {
    ($tx:expr, $post_id:expr, $input:expr) => {{
        sqlx::query("DELETE FROM post_authors WHERE post_id = $1")
            .bind($post_id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM post_tags WHERE post_id = $1")
            .bind($post_id)
            .execute(&mut *$tx)
            .await?;
        for (i, uid) in $input.author_ids.iter().enumerate() {
            sqlx::query(
                "INSERT INTO post_authors (post_id, user_id, position) VALUES ($1, $2, $3)",
            )
            .bind($post_id)
            .bind(*uid)
            .bind(i as i64)
            .execute(&mut *$tx)
            .await?;
        }
        for (slug, name) in $input.tags {
            sqlx::query("INSERT INTO post_tags (post_id, slug, name) VALUES ($1, $2, $3)")
                .bind($post_id)
                .bind(slug.as_str())
                .bind(name.as_str())
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

impl Store {
    pub async fn create_post(
        &self,
        blog_id: BlogId,
        input: &PostInput<'_>,
        actor: UserId,
        now: i64,
    ) -> Result<PostId> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let taken: i64 = sqlx::query_scalar(SLUG_TAKEN_SQL).bind(blog_id).bind(input.slug.as_str()).bind(0_i64).fetch_one(&mut *tx).await?;
            if taken > 0 {
                return Err(StoreError::Conflict("slug"));
            }
            let id: PostId = sqlx::query_scalar(
                "INSERT INTO posts (blog_id, slug, title, body, excerpt, cover_media_id, cover_alt, comments_enabled, state, version, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $9, 'draft', 1, $8, $8) RETURNING id")
                .bind(blog_id).bind(input.slug.as_str()).bind(input.title).bind(input.body).bind(input.excerpt)
                .bind(input.cover_media_id).bind(input.cover_alt).bind(now).bind(input.comments_enabled)
                .fetch_one(&mut *tx).await?;
            write_authors_and_tags!(tx, id, input);
            crate::spokes::default_channels!(tx, id, blog_id);
            sqlx::query(REVISION_SQL).bind(id).bind("created").bind(actor).bind(now).execute(&mut *tx).await?;
            append_event!(tx, DomainEvent::PostSaved { post_id: id, blog_id }, now);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Save new content if nobody else saved since `expected_version`. With
    /// `unschedule`, a scheduled post goes back to draft in the same
    /// transaction (the new content may not go out); returns whether it did.
    pub async fn update_post(
        &self,
        id: PostId,
        expected_version: i64,
        input: &PostInput<'_>,
        actor: UserId,
        now: i64,
        unschedule: bool,
    ) -> Result<bool> {
        let edit = Edit { input, unschedule };
        self.save_post(
            id,
            expected_version,
            Some(edit),
            AfterSave::Nothing,
            actor,
            now,
        )
        .await
    }

    /// One press of a button in the editor: save the content (`edit`, when
    /// it changed) if nobody else saved since `expected_version`, then take
    /// the step `after` (ask for review, publish, schedule, …) on the saved
    /// text — all in one transaction, so either both happen or neither.
    /// Returns whether the edit took a scheduled post off the schedule.
    pub async fn save_post(
        &self,
        id: PostId,
        expected_version: i64,
        edit: Option<Edit<'_>>,
        after: AfterSave<'_>,
        actor: UserId,
        now: i64,
    ) -> Result<bool> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let row: Option<(BlogId, i64)> = sqlx::query_as("SELECT blog_id, version FROM posts WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
            let (blog_id, current) = row.ok_or(StoreError::NotFound)?;
            if current != expected_version {
                return Err(StoreError::StaleVersion { current });
            }
            let mut unscheduled = false;
            if let Some(Edit { input, unschedule }) = edit {
                let taken: i64 = sqlx::query_scalar(SLUG_TAKEN_SQL).bind(blog_id).bind(input.slug.as_str()).bind(id).fetch_one(&mut *tx).await?;
                if taken > 0 {
                    return Err(StoreError::Conflict("slug"));
                }
                let done = sqlx::query(
                    "UPDATE posts SET slug = $1, title = $2, body = $3, excerpt = $4, cover_media_id = $5, cover_alt = $6,
                       comments_enabled = $10, version = version + 1, updated_at = $7,
                       workflow = CASE WHEN workflow = 'approved' THEN 'draft' ELSE workflow END
                     WHERE id = $8 AND version = $9")
                    .bind(input.slug.as_str()).bind(input.title).bind(input.body).bind(input.excerpt)
                    .bind(input.cover_media_id).bind(input.cover_alt).bind(now).bind(id).bind(expected_version)
                    .bind(input.comments_enabled)
                    .execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::StaleVersion { current });
                }
                write_authors_and_tags!(tx, id, input);
                sqlx::query(REVISION_SQL).bind(id).bind("edited").bind(actor).bind(now).execute(&mut *tx).await?;
                let state: String = sqlx::query_scalar("SELECT state FROM posts WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                if state == "published" {
                    record_post!(tx, id, "post-published", Some(actor), now);
                    crate::spokes::propagate_edit!(tx, id, now);
                    append_event!(tx, DomainEvent::PostUpdated { post_id: id, blog_id }, now);
                } else {
                    append_event!(tx, DomainEvent::PostSaved { post_id: id, blog_id }, now);
                }
                unscheduled = unschedule && unschedule_in!(tx, id, actor, now);
            }
            // What the person saved supersedes what was autosaved for them.
            crate::autosaves::discard_autosave_in!(tx, lykta_domain::Document::Post(id), actor);
            match after {
                AfterSave::Nothing => {}
                AfterSave::Review { step, note } => {
                    let (workflow, version): (String, i64) = sqlx::query_as("SELECT workflow, version FROM posts WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                    let from = lykta_domain::Workflow::parse(&workflow).map_err(|_| StoreError::Conflict("workflow"))?;
                    review_in!(tx, id, version, from, step, note, actor, now);
                }
                AfterSave::State(change) => change_state_in!(tx, id, blog_id, change, actor, now),
            }
            tx.commit().await?;
            Ok::<_, StoreError>(unscheduled)
        }.await)
    }

    /// Publish, schedule, unpublish or return a post to draft.
    pub async fn change_post_state(
        &self,
        id: PostId,
        change: StateChange,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let blog_id: Option<BlogId> = sqlx::query_scalar("SELECT blog_id FROM posts WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
            let blog_id = blog_id.ok_or(StoreError::NotFound)?;
            change_state_in!(tx, id, blog_id, change, actor, now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Publish a scheduled post whose time has come. Returns false when there
    /// is nothing to do (already published, rescheduled later, or unscheduled),
    /// so running the job twice publishes once.
    pub async fn publish_if_due(&self, id: PostId, now: i64) -> Result<bool> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let done = sqlx::query(
                "UPDATE posts SET state = 'published', published_at = COALESCE(published_at, publish_at),
                   version = version + 1, updated_at = $2
                 WHERE id = $1 AND state = 'scheduled' AND publish_at <= $2")
                .bind(id).bind(now).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            sqlx::query(REVISION_SQL).bind(id).bind("published-on-schedule").bind(None::<i64>).bind(now).execute(&mut *tx).await?;
            record_post!(tx, id, "post-published", None::<UserId>, now);
            enqueue!(tx, &crate::Job::MailSubscribers { post_id: id }, now, now);
            crate::syndication::enqueue_deliveries!(tx, id, now);
            crate::spokes::republish_removed!(tx, id, now);
            let blog_id: BlogId = sqlx::query_scalar("SELECT blog_id FROM posts WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
            append_event!(tx, DomainEvent::PostPublished { post_id: id, blog_id }, now);
            tx.commit().await?;
            Ok::<_, StoreError>(true)
        }.await)
    }

    /// A post of any state with its authors and tags, for staff screens.
    pub async fn post(&self, id: PostId) -> Result<PostDetail> {
        let sql = format!("SELECT {POST_COLUMNS} FROM {POSTS} WHERE p.id = $1");
        let post: Post =
            with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
                .ok_or(StoreError::NotFound)?;
        Ok(self.with_details(vec![post]).await?.remove(0))
    }

    /// All posts of a blog, newest change first, for staff screens.
    pub async fn posts_of_blog(&self, blog_id: BlogId) -> Result<Vec<PostDetail>> {
        let sql = format!("SELECT {POST_COLUMNS} FROM {POSTS} WHERE p.blog_id = $1 ORDER BY p.updated_at DESC, p.id DESC");
        let posts: Vec<Post> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).fetch_all(p).await)?;
        self.with_details(posts).await
    }

    /// Up to `limit` posts of every blog (any state) with ids after `after`,
    /// by id: the search index is rebuilt in such batches. One walk along the
    /// primary key (a condition on the blog would make SQLite pick the blog's
    /// index and sort the rest of the blog for every batch).
    pub async fn posts_after(&self, after: i64, limit: i64) -> Result<Vec<PostDetail>> {
        let sql =
            format!("SELECT {POST_COLUMNS} FROM {POSTS} WHERE p.id > $1 ORDER BY p.id LIMIT $2");
        let posts: Vec<Post> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(after).bind(limit).fetch_all(p).await)?;
        self.with_details(posts).await
    }

    /// How many posts there are, in any state.
    pub async fn count_posts(&self) -> Result<u64> {
        let n: i64 = with_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(p).await)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Take a review step from `from` and log it with its note, in one
    /// transaction, and queue the job that tells the people concerned.
    /// `Conflict` if the step does not apply or the post has moved on in
    /// between: its workflow, or (when approving) its text since `version`.
    #[allow(clippy::too_many_arguments)]
    pub async fn review_step(
        &self,
        post_id: PostId,
        version: i64,
        from: lykta_domain::Workflow,
        step: lykta_domain::ReviewStep,
        note: &str,
        actor: UserId,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            review_in!(tx, post_id, version, from, step, note, actor, now);
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// Keep a new post as an idea: nobody writes it yet (see
    /// [`lykta_domain::ReviewStep::Start`]). Only a draft never reviewed.
    pub async fn keep_as_idea(&self, post_id: PostId) -> Result<()> {
        let sql = "UPDATE posts SET workflow = 'idea' WHERE id = $1 AND workflow = 'draft' AND state = 'draft'";
        with_pool!(self, p => sqlx::query(sql).bind(post_id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// One review step with its post, for the mail that tells of it:
    /// (post id, blog id, event, note, actor id).
    pub async fn review_entry(
        &self,
        review_id: i64,
    ) -> Result<(PostId, BlogId, String, String, Option<UserId>)> {
        let sql = "SELECT r.post_id, p.blog_id, r.event, r.note, r.actor FROM post_reviews r JOIN posts p ON p.id = r.post_id WHERE r.id = $1";
        with_pool!(self, p => sqlx::query_as(sql).bind(review_id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Scheduled posts by an author or in a blog (calendars).
    pub async fn scheduled_posts(
        &self,
        author: Option<UserId>,
        blog_id: Option<BlogId>,
    ) -> Result<Vec<CalendarPost>> {
        let sql = "SELECT p.id, p.blog_id, b.name AS blog_name, p.title, p.publish_at FROM posts p JOIN blogs b ON b.id = p.blog_id
                    WHERE p.state = 'scheduled' AND p.publish_at IS NOT NULL
                      AND ($1 IS NULL OR EXISTS (SELECT 1 FROM post_authors a WHERE a.post_id = p.id AND a.user_id = $1))
                      AND ($2 IS NULL OR p.blog_id = $2)
                    ORDER BY p.publish_at, p.id";
        Ok(
            with_pool!(self, p => sqlx::query_as(sql).bind(author).bind(blog_id).fetch_all(p).await)?,
        )
    }

    /// Posts waiting for review in the given blogs: (post id, blog id, title).
    pub async fn posts_in_review(
        &self,
        blog_ids: &[BlogId],
    ) -> Result<Vec<(PostId, BlogId, String)>> {
        if blog_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT id, blog_id, title FROM posts WHERE workflow = 'in_review' AND blog_id IN ({}) ORDER BY updated_at", placeholders(1, blog_ids.len()));
        Ok(with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in blog_ids { q = q.bind(*id); }
            q.fetch_all(p).await?
        }))
    }

    /// A post's review log, newest first.
    pub async fn reviews(&self, post_id: PostId) -> Result<Vec<crate::ReviewEntry>> {
        let sql = "SELECT r.id, r.event, r.note, u.name AS actor_name, r.at FROM post_reviews r LEFT JOIN users u ON u.id = r.actor
                   WHERE r.post_id = $1 ORDER BY r.id DESC";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(post_id).fetch_all(p).await)?)
    }

    /// One saved revision of a post, with its text.
    pub async fn revision(
        &self,
        post_id: PostId,
        revision_id: RevisionId,
    ) -> Result<crate::RevisionText> {
        let sql = "SELECT id, version, title, body, excerpt, saved_at FROM post_revisions WHERE post_id = $1 AND id = $2";
        with_pool!(self, p => sqlx::query_as(sql).bind(post_id).bind(revision_id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Put a revision's title, text and excerpt back as a new version (the
    /// revisions in between are kept). Refused if someone saved since
    /// `expected_version`.
    /// With `unschedule`, a scheduled post goes back to draft in the same
    /// transaction; returns whether it did.
    pub async fn restore_revision(
        &self,
        post_id: PostId,
        revision_id: RevisionId,
        expected_version: i64,
        actor: UserId,
        now: i64,
        unschedule: bool,
    ) -> Result<bool> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let current: Option<i64> = sqlx::query_scalar("SELECT version FROM posts WHERE id = $1").bind(post_id).fetch_optional(&mut *tx).await?;
            let current = current.ok_or(StoreError::NotFound)?;
            if current != expected_version {
                return Err(StoreError::StaleVersion { current });
            }
            let done = sqlx::query(
                "UPDATE posts SET title = r.title, body = r.body, excerpt = r.excerpt, version = posts.version + 1, updated_at = $3,
                   workflow = CASE WHEN posts.workflow = 'approved' THEN 'draft' ELSE posts.workflow END
                 FROM (SELECT title, body, excerpt FROM post_revisions WHERE post_id = $1 AND id = $2) AS r
                 WHERE posts.id = $1")
                .bind(post_id).bind(revision_id).bind(now)
                .execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(REVISION_SQL).bind(post_id).bind("restored").bind(actor).bind(now).execute(&mut *tx).await?;
            let (state, blog_id): (String, BlogId) = sqlx::query_as("SELECT state, blog_id FROM posts WHERE id = $1").bind(post_id).fetch_one(&mut *tx).await?;
            if state == "published" {
                record_post!(tx, post_id, "post-published", Some(actor), now);
                append_event!(tx, DomainEvent::PostUpdated { post_id, blog_id }, now);
            }
            let unscheduled = unschedule && unschedule_in!(tx, post_id, actor, now);
            tx.commit().await?;
            Ok::<_, StoreError>(unscheduled)
        }.await)
    }

    pub async fn revisions(&self, post_id: PostId) -> Result<Vec<Revision>> {
        let sql = "SELECT id, version, title, state, event, saved_by, saved_at FROM post_revisions WHERE post_id = $1 ORDER BY id DESC";
        Ok(with_pool!(self, p => sqlx::query_as(sql).bind(post_id).fetch_all(p).await)?)
    }

    /// Attach authors and tags to posts, in one query.
    pub(crate) async fn with_details(&self, posts: Vec<Post>) -> Result<Vec<PostDetail>> {
        if posts.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<PostId> = posts.iter().map(|p| p.id).collect();
        let list = placeholders(1, ids.len());
        let sql = format!(
            "SELECT 'a' AS kind, pa.post_id, u.id, u.slug, u.name, u.title, pa.position AS ord
               FROM post_authors pa JOIN users u ON u.id = pa.user_id WHERE pa.post_id IN ({list})
             UNION ALL
             SELECT 't' AS kind, t.post_id, CAST(0 AS BIGINT), t.slug, t.name, '', CAST(0 AS BIGINT)
               FROM post_tags t WHERE t.post_id IN ({list})
             ORDER BY 1, 2, 7, 5"
        );
        let rows: Vec<DetailRow> = with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in &ids { q = q.bind(*id); }
            q.fetch_all(p).await?
        });
        let mut authors = Vec::new();
        let mut tags = Vec::new();
        for r in rows {
            if r.kind == "a" {
                authors.push(AuthorRef {
                    post_id: r.post_id,
                    id: r.id,
                    slug: r.slug,
                    name: r.name,
                    title: r.title,
                });
            } else {
                tags.push(Tag {
                    post_id: r.post_id,
                    slug: r.slug,
                    name: r.name,
                });
            }
        }
        Ok(posts
            .into_iter()
            .map(|post| PostDetail {
                authors: authors
                    .iter()
                    .filter(|a| a.post_id == post.id)
                    .cloned()
                    .collect(),
                tags: tags
                    .iter()
                    .filter(|t| t.post_id == post.id)
                    .cloned()
                    .collect(),
                post,
            })
            .collect())
    }
}
