//! The durable job table: side effects are enqueued in the same transaction as
//! the change that causes them, and run by the worker with retries.

use crate::{with_pool, Result, Store};
use serde::Serialize;

/// Inserted inside other transactions: ($1 kind, $2 payload JSON, $3 run_at, $4 now).
pub(crate) const ENQUEUE_SQL: &str =
    "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4)";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub run_at: i64,
    pub attempts: i64,
}

/// How long a claimed job is leased to one worker before another may retry it.
pub const LEASE_SECONDS: i64 = 60;

/// Bumps the content version inside another transaction.
pub(crate) const BUMP_SITE_VERSION_SQL: &str =
    "UPDATE site_version SET version = version + 1 WHERE id = 1";

impl Store {
    /// The content version: it moves whenever something readers see changes.
    pub async fn site_version(&self) -> Result<i64> {
        let sql = "SELECT version FROM site_version WHERE id = 1";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)?)
    }

    pub async fn bump_site_version(&self) -> Result<()> {
        with_pool!(self, p => sqlx::query(BUMP_SITE_VERSION_SQL).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        run_at: i64,
        now: i64,
    ) -> Result<()> {
        with_pool!(self, p => sqlx::query(ENQUEUE_SQL).bind(kind).bind(payload).bind(run_at).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Claim up to `limit` due jobs. A claimed job is leased; the lease makes
    /// each job run once even with several workers on one database.
    pub async fn claim_due_jobs(&self, now: i64, limit: i64) -> Result<Vec<Job>> {
        let sql = "UPDATE jobs SET locked_until = $1, attempts = attempts + 1
                   WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $2
                                  AND (locked_until IS NULL OR locked_until <= $2)
                                ORDER BY run_at, id LIMIT $3)
                     AND done_at IS NULL AND (locked_until IS NULL OR locked_until <= $2)
                   RETURNING id, kind, payload, run_at, attempts";
        Ok(
            with_pool!(self, p => sqlx::query_as(sql).bind(now + LEASE_SECONDS).bind(now).bind(limit).fetch_all(p).await)?,
        )
    }

    pub async fn complete_job(&self, id: i64, now: i64) -> Result<()> {
        let sql = "UPDATE jobs SET done_at = $1, locked_until = NULL WHERE id = $2";
        with_pool!(self, p => sqlx::query(sql).bind(now).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Record a failure and retry later, backing off exponentially.
    pub async fn fail_job(&self, job: &Job, error: &str, now: i64) -> Result<()> {
        let backoff = 30_i64.saturating_mul(1 << job.attempts.clamp(0, 10));
        let sql = "UPDATE jobs SET last_error = $1, locked_until = NULL, run_at = $2 WHERE id = $3";
        with_pool!(self, p => sqlx::query(sql).bind(error).bind(now + backoff).bind(job.id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The earliest time a pending job is due, so the worker knows when to wake.
    pub async fn next_job_due(&self) -> Result<Option<i64>> {
        let sql = "SELECT MIN(run_at) FROM jobs WHERE done_at IS NULL";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)?)
    }

    /// A secret made once per installation: the stored one, or `make()`'s,
    /// stored now (the first node to start wins).
    pub async fn site_secret(&self, name: &str, make: impl FnOnce() -> String) -> Result<String> {
        let fresh = make();
        with_pool!(self, p => sqlx::query("INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name).bind(&fresh).execute(p).await.map(|_| ()))?;
        Ok(
            with_pool!(self, p => sqlx::query_scalar("SELECT value FROM site_secrets WHERE name = $1").bind(name).fetch_one(p).await)?,
        )
    }
}
