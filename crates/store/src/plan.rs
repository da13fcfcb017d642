//! A blog's year plan: planned activities, and the plan sent to a reviewer
//! for approval (approved versions are kept as they were approved).

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{BlogId, PlanItemId, PostId, UserId};
use lykta_domain::{PlanApprovalState, PlanStatus};
use serde::{Deserialize, Serialize};

/// A planned activity, with its assignee's name and its post, if any.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct PlanItem {
    pub id: PlanItemId,
    pub blog_id: BlogId,
    pub title: String,
    pub theme: String,
    /// A calendar date, `YYYY-MM-DD`.
    pub due_on: String,
    pub assignee_id: Option<UserId>,
    pub assignee_name: Option<String>,
    /// Comma-separated [`lykta_domain::Channel`] names.
    pub channels: String,
    #[sqlx(try_from = "String")]
    pub status: PlanStatus,
    pub post_id: Option<PostId>,
    pub post_title: Option<String>,
    pub post_state: Option<String>,
    pub version: i64,
    pub updated_at: i64,
}

impl PlanItem {
    pub fn channel_list(&self) -> Vec<&str> {
        self.channels.split(',').filter(|c| !c.is_empty()).collect()
    }
}

/// A plan item with its blog, for views across blogs (dashboard, reminders,
/// calendars).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DuePlanItem {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub item: PlanItem,
    pub blog_name: String,
    pub blog_language: String,
}

/// A plan item's editable fields, already checked.
pub struct PlanInput<'a> {
    pub title: &'a str,
    pub theme: &'a str,
    pub due_on: &'a str,
    pub assignee_id: Option<UserId>,
    pub channels: &'a str,
    pub status: PlanStatus,
    pub post_id: Option<PostId>,
}

/// A year plan sent for approval.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlanApproval {
    pub id: i64,
    pub blog_id: BlogId,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub state: PlanApprovalState,
    /// The items as they were sent (JSON list of [`PlanItem`]).
    pub snapshot: String,
    pub requested_by_name: String,
    pub requested_at: i64,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub note: String,
}

impl PlanApproval {
    pub fn items(&self) -> Vec<PlanItem> {
        serde_json::from_str(&self.snapshot).unwrap_or_default()
    }
}

const ITEM_SQL: &str = "SELECT i.id, i.blog_id, i.title, i.theme, i.due_on, i.assignee_id, u.name AS assignee_name, i.channels, i.status,
       i.post_id, p.title AS post_title, p.state AS post_state, i.version, i.updated_at
  FROM plan_items i LEFT JOIN users u ON u.id = i.assignee_id LEFT JOIN posts p ON p.id = i.post_id";

const DUE_SQL: &str = "SELECT i.id, i.blog_id, i.title, i.theme, i.due_on, i.assignee_id, u.name AS assignee_name, i.channels, i.status,
       i.post_id, p.title AS post_title, p.state AS post_state, i.version, i.updated_at, b.name AS blog_name, b.language AS blog_language
  FROM plan_items i JOIN blogs b ON b.id = i.blog_id LEFT JOIN users u ON u.id = i.assignee_id LEFT JOIN posts p ON p.id = i.post_id";

const APPROVAL_SQL: &str = "SELECT a.id, a.blog_id, a.year, a.state, a.snapshot, r.name AS requested_by_name, a.requested_at,
       d.name AS decided_by_name, a.decided_at, a.note
  FROM plan_approvals a JOIN users r ON r.id = a.requested_by LEFT JOIN users d ON d.id = a.decided_by";

impl Store {
    /// A blog's plan items due in `year`, by date.
    pub async fn plan_items(&self, blog_id: BlogId, year: i32) -> Result<Vec<PlanItem>> {
        let sql = format!("{ITEM_SQL} WHERE i.blog_id = $1 AND i.due_on >= $2 AND i.due_on <= $3 ORDER BY i.due_on, i.id");
        let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).bind(from).bind(to).fetch_all(p).await)?,
        )
    }

    pub async fn plan_item(&self, id: PlanItemId) -> Result<PlanItem> {
        let sql = format!("{ITEM_SQL} WHERE i.id = $1");
        with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Open items (planned or being written) due from `from` to `to`
    /// (inclusive dates), in the given blogs (None: all), by date.
    pub async fn open_plan_items_due(
        &self,
        blog_ids: Option<&[BlogId]>,
        from: &str,
        to: &str,
    ) -> Result<Vec<DuePlanItem>> {
        let mut sql = format!("{DUE_SQL} WHERE i.due_on >= $1 AND i.due_on <= $2 AND i.status IN ('planned', 'writing')");
        if let Some(ids) = blog_ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            sql.push_str(&format!(
                " AND i.blog_id IN ({})",
                crate::placeholders(3, ids.len())
            ));
        }
        sql.push_str(" ORDER BY i.due_on, i.id");
        Ok(with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql).bind(from).bind(to);
            for id in blog_ids.unwrap_or_default() { q = q.bind(*id); }
            q.fetch_all(p).await?
        }))
    }

    /// Every item assigned to a person, or in a blog, from `from` on (calendars).
    pub async fn plan_items_for_calendar(
        &self,
        assignee: Option<UserId>,
        blog_id: Option<BlogId>,
        from: &str,
    ) -> Result<Vec<DuePlanItem>> {
        let sql = format!("{DUE_SQL} WHERE i.due_on >= $1 AND ($2 IS NULL OR i.assignee_id = $2) AND ($3 IS NULL OR i.blog_id = $3) AND i.status <> 'cancelled' ORDER BY i.due_on, i.id");
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(from).bind(assignee).bind(blog_id).fetch_all(p).await)?,
        )
    }

    pub async fn create_plan_item(
        &self,
        blog_id: BlogId,
        i: &PlanInput<'_>,
        now: i64,
    ) -> Result<PlanItemId> {
        let sql = "INSERT INTO plan_items (blog_id, title, theme, due_on, assignee_id, channels, status, post_id, version, created_at, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql)
            .bind(blog_id).bind(i.title).bind(i.theme).bind(i.due_on).bind(i.assignee_id).bind(i.channels)
            .bind(i.status.as_str()).bind(i.post_id).bind(now)
            .fetch_one(p).await)?)
    }

    /// Save an item if nobody else saved since `expected_version`.
    pub async fn update_plan_item(
        &self,
        id: PlanItemId,
        expected_version: i64,
        i: &PlanInput<'_>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE plan_items SET title = $1, theme = $2, due_on = $3, assignee_id = $4, channels = $5, status = $6, post_id = $7,
                     version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10";
        let done = with_pool!(self, p => sqlx::query(sql)
            .bind(i.title).bind(i.theme).bind(i.due_on).bind(i.assignee_id).bind(i.channels)
            .bind(i.status.as_str()).bind(i.post_id).bind(now).bind(id).bind(expected_version)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            let current = self.plan_item(id).await?.version;
            return Err(StoreError::StaleVersion { current });
        }
        Ok(())
    }

    pub async fn delete_plan_item(&self, id: PlanItemId) -> Result<()> {
        let sql = "DELETE FROM plan_items WHERE id = $1";
        with_pool!(self, p => sqlx::query(sql).bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Send a year's plan for approval, as it stands. `Conflict` if one is
    /// already waiting.
    pub async fn request_plan_approval(
        &self,
        blog_id: BlogId,
        year: i32,
        by: UserId,
        now: i64,
    ) -> Result<i64> {
        let items = self.plan_items(blog_id, year).await?;
        let snapshot = serde_json::to_string(&items).unwrap_or_else(|_| "[]".into());
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plan_approvals WHERE blog_id = $1 AND year = $2 AND state = 'pending'")
                .bind(blog_id).bind(i64::from(year)).fetch_one(&mut *tx).await?;
            if waiting > 0 {
                return Err(StoreError::Conflict("plan-approval"));
            }
            let id: i64 = sqlx::query_scalar("INSERT INTO plan_approvals (blog_id, year, state, snapshot, requested_by, requested_at) VALUES ($1, $2, 'pending', $3, $4, $5) RETURNING id")
                .bind(blog_id).bind(i64::from(year)).bind(snapshot).bind(by).bind(now)
                .fetch_one(&mut *tx).await.map_err(crate::conflict_on_unique("plan-approval"))?;
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        }.await)
    }

    /// Approve a waiting plan or send it back. `Conflict` if it was already
    /// decided (a second approval is refused).
    pub async fn decide_plan_approval(
        &self,
        blog_id: BlogId,
        id: i64,
        to: PlanApprovalState,
        note: &str,
        by: UserId,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE plan_approvals SET state = $1, note = $2, decided_by = $3, decided_at = $4 WHERE id = $5 AND blog_id = $6 AND state = 'pending'";
        let done = with_pool!(self, p => sqlx::query(sql).bind(to.as_str()).bind(note).bind(by).bind(now).bind(id).bind(blog_id)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::Conflict("plan-approval"));
        }
        Ok(())
    }

    /// A blog's plan approvals for a year, newest first.
    pub async fn plan_approvals(&self, blog_id: BlogId, year: i32) -> Result<Vec<PlanApproval>> {
        let sql = format!("{APPROVAL_SQL} WHERE a.blog_id = $1 AND a.year = $2 ORDER BY a.id DESC");
        Ok(
            with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).bind(i64::from(year)).fetch_all(p).await)?,
        )
    }

    pub async fn plan_approval(&self, blog_id: BlogId, id: i64) -> Result<PlanApproval> {
        let sql = format!("{APPROVAL_SQL} WHERE a.blog_id = $1 AND a.id = $2");
        with_pool!(self, p => sqlx::query_as(&sql).bind(blog_id).bind(id).fetch_optional(p).await)?
            .ok_or(StoreError::NotFound)
    }

    /// Plans waiting for approval in the given blogs (dashboard, digest).
    pub async fn pending_plan_approvals(&self, blog_ids: &[BlogId]) -> Result<Vec<PlanApproval>> {
        if blog_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "{APPROVAL_SQL} WHERE a.state = 'pending' AND a.blog_id IN ({}) ORDER BY a.id",
            crate::placeholders(1, blog_ids.len())
        );
        Ok(with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in blog_ids { q = q.bind(*id); }
            q.fetch_all(p).await?
        }))
    }
}
