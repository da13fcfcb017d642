//! What a moderator's decision asks of the platform an answer came from:
//! hide it there, or answer it as the organisation. Each request is a row
//! in `comment_actions` and an `act_on_comment` job, in one transaction;
//! each outcome (done, failed, needs re-authentication) is written on the
//! row and appended to the public record (`comment-platform`) in another.

use crate::jobs::enqueue;
use crate::record::append_record;
use crate::{placeholders, with_pool, Job, Result, Store, StoreError};
use lykta_domain::{CommentId, DeliveryId, UserId};
use serde::Serialize;

/// A request to a platform about an answer that came home from it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CommentAction {
    pub id: i64,
    pub comment_id: CommentId,
    pub delivery_id: DeliveryId,
    /// `hide` or `answer`.
    pub kind: String,
    /// The organisation's answer (empty for `hide`).
    pub text: String,
    /// `queued`, `done`, `failed` or `reauthenticate`.
    pub state: String,
    pub problem: String,
    /// The answer's address on the platform, once posted.
    pub remote_url: String,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, comment_id, delivery_id, kind, text, state, problem, remote_url, updated_at";

impl Store {
    /// The sent copy on `platform` of the post comment `id` answers: where
    /// the platform's answer to it lives.
    pub async fn copy_of_comment(&self, id: CommentId) -> Result<Option<DeliveryId>> {
        let sql = "SELECT d.id FROM comments c JOIN deliveries d ON d.post_id = c.post_id
                     JOIN channels ch ON ch.id = d.channel_id
                    WHERE c.id = $1 AND ch.platform = c.source_platform AND d.remote_id IS NOT NULL
                    ORDER BY d.id LIMIT 1";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).bind(id).fetch_optional(p).await)?)
    }

    /// Ask the worker to `kind` (`hide` | `answer`, with `text`) comment
    /// `comment` on its platform through copy `delivery`.
    pub async fn request_comment_action(
        &self,
        comment: CommentId,
        delivery: DeliveryId,
        kind: &str,
        text: &str,
        by: UserId,
        now: i64,
    ) -> Result<i64> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO comment_actions (comment_id, delivery_id, kind, text, state, requested_by, requested_at, updated_at)
                 VALUES ($1, $2, $3, $4, 'queued', $5, $6, $6) RETURNING id")
                .bind(comment).bind(delivery).bind(kind).bind(text).bind(by).bind(now)
                .fetch_one(&mut *tx).await?;
            enqueue!(tx, &Job::ActOnComment { action_id: id }, now, now);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// The id on its platform of a comment that came from one.
    pub async fn comment_source_id(&self, id: CommentId) -> Result<Option<String>> {
        let sql = "SELECT source_id FROM comments WHERE id = $1";
        Ok(with_pool!(self, p => sqlx::query_scalar::<_, Option<String>>(sql).bind(id).fetch_optional(p).await)?.flatten())
    }

    pub async fn comment_action(&self, id: i64) -> Result<CommentAction> {
        let sql = format!("SELECT {COLUMNS} FROM comment_actions WHERE id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// The outcome of action `id` (`state`, the platform's words, the
    /// answer's address), and the same in the public record, about the
    /// comment. A queued action that fails for now stays queued.
    pub async fn finish_comment_action(
        &self,
        id: i64,
        state: &str,
        problem: &str,
        remote_url: &str,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            sqlx::query(crate::record::LOCK_HEAD_SQL).execute(&mut *tx).await?;
            let row: Option<(CommentId, String, String, Option<UserId>, String)> = sqlx::query_as(
                "UPDATE comment_actions SET state = $1, problem = $2, remote_url = $3, updated_at = $4 WHERE id = $5
                 RETURNING comment_id, kind, text, requested_by, (SELECT c.source_platform FROM comments c WHERE c.id = comment_id)")
                .bind(state).bind(problem).bind(remote_url).bind(now).bind(id)
                .fetch_optional(&mut *tx).await?;
            let (comment, kind, text, by, platform) = row.ok_or(StoreError::NotFound)?;
            if state != "queued" {
                let payload = serde_json::json!({
                    "action": kind, "platform": platform, "outcome": state, "problem": problem,
                    "answer": text, "url": remote_url,
                }).to_string();
                append_record!(tx, "comment-platform", comment, by, now, payload);
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
    }

    /// The platform actions on these comments, oldest first.
    pub async fn comment_actions_of(&self, ids: &[CommentId]) -> Result<Vec<CommentAction>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM comment_actions WHERE comment_id IN ({}) ORDER BY id",
            placeholders(1, ids.len())
        );
        Ok(with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in ids { q = q.bind(*id); }
            q.fetch_all(p).await?
        }))
    }
}
