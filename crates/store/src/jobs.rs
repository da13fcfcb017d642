//! The durable job table: side effects are enqueued in the same transaction as
//! the change that causes them, and run by the worker with retries.
//!
//! A job is a [`Job`]: one variant per kind of side effect. It is stored as a
//! `kind` string and a JSON `payload` — the same strings and shapes as before
//! the enum existed (`publish_post` + `{"post_id":N}`, …), so rows written by
//! older versions still run. A job that fails is retried with capped
//! exponential back-off until [`Job::max_attempts`]; then it is parked in the
//! dead letter (`failed_at`) and never claimed again, until an administrator
//! retries it or discards it (kept, not deleted; both logged in `job_actions`).
//!
//! The enum lives here rather than in `domain`: it is the job table's storage
//! format (kind strings, JSON payloads), and `store` is the crate that owns
//! that format and already speaks JSON; `domain` knows no formats.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::UserId;
use lykta_domain::{DeliveryId, JobId, MailId, PostId};
use serde::{Deserialize, Serialize};

/// One side effect to run later. Serialised adjacently tagged: the tag is the
/// stored `kind`, the content the stored `payload`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Job {
    /// Publish a scheduled post if its time has come (idempotent).
    PublishPost { post_id: PostId },
    /// Tell the people concerned about a review step (writes their mail).
    NotifyReview { review_id: i64 },
    /// Send one outbox message, unless it was sent already.
    SendMail { outbox_id: MailId },
    /// Write a published post's message to its blog's e-mail subscribers
    /// (each once; their sending paced by `send_mail` jobs).
    MailSubscribers { post_id: PostId },
    /// Send a post to one connected channel (idempotent: the platform
    /// dedupes by the delivery's key, and a sent delivery is not sent again).
    Deliver { delivery_id: DeliveryId },
    /// Do on its platform what a moderator decided about an answer that
    /// came home from there (hide it, answer it as the organisation).
    ActOnComment { action_id: i64 },
}

/// A job attempt that failed and said when to try again (a platform's
/// `Retry-After`): the next attempt comes no sooner, and no sooner than
/// the usual back-off either.
#[derive(Debug, thiserror::Error)]
#[error("{message} (try again in {seconds} s)")]
pub struct RetryAfter {
    pub seconds: i64,
    pub message: String,
}

/// A stored job that does not decode into a [`Job`]: it goes to the dead
/// letter at once (an unknown kind or a bad payload will not get better).
#[derive(Debug, thiserror::Error)]
pub enum JobDecodeError {
    #[error("unknown job kind {0:?}")]
    UnknownKind(String),
    #[error("payload of a {kind} job cannot be read: {source}")]
    Payload {
        kind: String,
        #[source]
        source: serde_json::Error,
    },
}

impl Job {
    /// Every stored kind, in declaration order.
    pub const KINDS: [&'static str; 6] = [
        "publish_post",
        "notify_review",
        "send_mail",
        "mail_subscribers",
        "deliver",
        "act_on_comment",
    ];

    /// The stored `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::PublishPost { .. } => Self::KINDS[0],
            Job::NotifyReview { .. } => Self::KINDS[1],
            Job::SendMail { .. } => Self::KINDS[2],
            Job::MailSubscribers { .. } => Self::KINDS[3],
            Job::Deliver { .. } => Self::KINDS[4],
            Job::ActOnComment { .. } => Self::KINDS[5],
        }
    }

    /// The stored `payload`: the variant's fields as a JSON object,
    /// e.g. `{"post_id":12}`.
    pub fn payload(&self) -> String {
        // Serialising plain integers cannot fail; were it ever to, "null"
        // would not decode and the job would go to the dead letter.
        serde_json::to_value(self)
            .ok()
            .and_then(|mut v| v.get_mut("payload").map(serde_json::Value::take))
            .unwrap_or_default()
            .to_string()
    }

    /// Read a stored job back.
    pub fn decode(kind: &str, payload: &str) -> Result<Job, JobDecodeError> {
        if !Self::KINDS.contains(&kind) {
            return Err(JobDecodeError::UnknownKind(kind.to_owned()));
        }
        let bad = |source| JobDecodeError::Payload {
            kind: kind.to_owned(),
            source,
        };
        let payload: serde_json::Value = serde_json::from_str(payload).map_err(bad)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload })).map_err(bad)
    }

    /// How many times the job is tried before it is parked as failed. With
    /// the back-off of [`backoff_seconds`], the last attempt comes:
    ///
    /// - `send_mail`: 12 attempts, ≈ 20 hours — rides out a mail server
    ///   down for most of a day (or `smtp_url` not set yet); after that the
    ///   administrator retries it from Admin → Jobs.
    /// - `publish_post`: 20 attempts, ≈ 3 days — publishing is idempotent and
    ///   what the organisation most wants to happen; it fails only when the
    ///   database does.
    /// - `notify_review`: 5 attempts, ≈ 15 minutes — a review notice is
    ///   useful only while it is fresh.
    /// - `mail_subscribers`: 12 attempts, like the mail it writes (queuing
    ///   again skips what was queued).
    /// - `deliver`: 12 attempts, ≈ 20 hours — a platform down for most of a
    ///   day delays only its own spoke; then the delivery shows as failed
    ///   with a retry button on the post's page.
    /// - `act_on_comment`: 12 attempts, like a delivery.
    pub fn max_attempts(&self) -> i64 {
        match self {
            Job::SendMail { .. }
            | Job::MailSubscribers { .. }
            | Job::Deliver { .. }
            | Job::ActOnComment { .. } => 12,
            Job::PublishPost { .. } => 20,
            Job::NotifyReview { .. } => 5,
        }
    }
}

/// How many attempts a job that does not decode gets: one (see [`JobDecodeError`]).
pub const UNDECODABLE_ATTEMPTS: i64 = 1;

/// The longest wait between two attempts.
pub const MAX_BACKOFF_SECONDS: i64 = 6 * 3600;

/// How long to wait after failed attempt number `attempts` (1, 2, …):
/// 30 s doubled per attempt (60 s, 2 min, 4 min, …), at most
/// [`MAX_BACKOFF_SECONDS`].
pub fn backoff_seconds(attempts: i64) -> i64 {
    let doubled = 30_i64.saturating_mul(1_i64 << attempts.clamp(0, 20));
    doubled.min(MAX_BACKOFF_SECONDS)
}

/// Enqueue a [`Job`] inside another transaction:
/// `enqueue!(tx, &job, run_at, now)`.
macro_rules! enqueue {
    ($tx:expr, $job:expr, $run_at:expr, $now:expr) => {{
        let job: &$crate::Job = $job;
        sqlx::query($crate::jobs::ENQUEUE_SQL)
            .bind(job.kind())
            .bind(job.payload())
            .bind($run_at)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use enqueue;

/// Jobs per multi-row INSERT (well under both backends' parameter limits).
pub(crate) const JOBS_PER_INSERT: usize = 500;

/// Enqueue many jobs inside another transaction, each `(job, run_at)`, in
/// one statement per [`JOBS_PER_INSERT`]: `enqueue_many!(tx, &jobs, now)`.
macro_rules! enqueue_many {
    ($tx:expr, $jobs:expr, $now:expr) => {{
        let (jobs, now): (&[($crate::Job, i64)], i64) = ($jobs, $now);
        for chunk in jobs.chunks($crate::jobs::JOBS_PER_INSERT) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("({}, $1)", $crate::placeholders(2 + i * 3, 3)))
                .collect();
            let sql = format!(
                "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES {}",
                rows.join(", ")
            );
            let mut q = sqlx::query(&sql).bind(now);
            for (job, at) in chunk {
                q = q.bind(job.kind()).bind(job.payload()).bind(*at);
            }
            q.execute(&mut *$tx).await?;
        }
    }};
}
pub(crate) use enqueue_many;

/// Enqueue a `deliver` job for each of `$ids` (`&[DeliveryId]`), due now,
/// inside another transaction, in one statement.
macro_rules! enqueue_deliver_jobs {
    ($tx:expr, $ids:expr, $now:expr) => {{
        let (ids, now): (&[lykta_domain::DeliveryId], i64) = ($ids, $now);
        let jobs: Vec<($crate::Job, i64)> = ids
            .iter()
            .map(|&delivery_id| ($crate::Job::Deliver { delivery_id }, now))
            .collect();
        $crate::jobs::enqueue_many!($tx, &jobs, now);
    }};
}
pub(crate) use enqueue_deliver_jobs;

/// ($1 kind, $2 payload JSON, $3 run_at, $4 now); only through [`enqueue!`]
/// and [`Store::enqueue_job`], which take a [`Job`].
pub(crate) const ENQUEUE_SQL: &str =
    "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4)";

/// A claimed job as stored; [`JobRow::decode`] reads it into a [`Job`].
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JobRow {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    pub run_at: i64,
    /// Including the attempt it was just claimed for.
    pub attempts: i64,
}

impl JobRow {
    pub fn decode(&self) -> Result<Job, JobDecodeError> {
        Job::decode(&self.kind, &self.payload)
    }
}

/// What became of a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// Tried again at this time.
    RetryAt(i64),
    /// That was the last attempt: parked in the dead letter.
    Parked,
}

/// A job in the dead letter, described for the admin page.
#[derive(Debug, Clone, Serialize)]
pub struct DeadJob {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    /// False when the row does not decode (unknown kind, bad payload).
    pub known: bool,
    pub attempts: i64,
    pub last_error: String,
    pub failed_at: i64,
    pub discarded_at: Option<i64>,
    pub discarded_by: Option<String>,
    /// The latest retry, if it was retried before and failed again.
    pub retried_at: Option<i64>,
    pub retried_by: Option<String>,
    /// What it was for: the post (publish, review notice) …
    pub post_title: Option<String>,
    /// … or the message (mail).
    pub mail_to: Option<String>,
    pub mail_subject: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DeadRow {
    id: JobId,
    kind: String,
    payload: String,
    attempts: i64,
    last_error: Option<String>,
    failed_at: i64,
    discarded_at: Option<i64>,
    discarded_by: Option<String>,
    retried_at: Option<i64>,
    retried_by: Option<String>,
}

/// How long a claimed job is leased to one worker before another may retry it.
pub const LEASE_SECONDS: i64 = 60;

impl Store {
    /// Enqueue a job on its own (inside a transaction, use [`enqueue!`]).
    pub async fn enqueue_job(&self, job: &Job, run_at: i64, now: i64) -> Result<()> {
        with_pool!(self, p => sqlx::query(ENQUEUE_SQL).bind(job.kind()).bind(job.payload()).bind(run_at).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Claim up to `limit` due jobs. A claimed job is leased; the lease makes
    /// each job run once even with several workers on one database. Parked
    /// (failed) jobs are never claimed.
    pub async fn claim_due_jobs(&self, now: i64, limit: i64) -> Result<Vec<JobRow>> {
        let sql = "UPDATE jobs SET locked_until = $1, attempts = attempts + 1
                   WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $2
                                  AND (locked_until IS NULL OR locked_until <= $2)
                                ORDER BY run_at, id LIMIT $3)
                     AND done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until <= $2)
                   RETURNING id, kind, payload, run_at, attempts";
        Ok(
            with_pool!(self, p => sqlx::query_as(sql).bind(now + LEASE_SECONDS).bind(now).bind(limit).fetch_all(p).await)?,
        )
    }

    /// Hand back jobs this worker claimed but did not start (it is
    /// stopping): due again at once for any worker, the claim not counted as
    /// an attempt.
    pub async fn release_jobs(&self, ids: &[JobId]) -> Result<()> {
        let sql = "UPDATE jobs SET locked_until = NULL, attempts = attempts - 1
                   WHERE id = $1 AND done_at IS NULL AND failed_at IS NULL AND attempts > 0";
        for id in ids {
            with_pool!(self, p => sqlx::query(sql).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    pub async fn complete_job(&self, id: JobId, now: i64) -> Result<()> {
        let sql = "UPDATE jobs SET done_at = $1, locked_until = NULL WHERE id = $2";
        with_pool!(self, p => sqlx::query(sql).bind(now).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Record a failed attempt. While attempts remain (`job.attempts <
    /// max_attempts`) the job is tried again after [`backoff_seconds`];
    /// otherwise it is parked in the dead letter with its last error.
    pub async fn fail_job(
        &self,
        job: &JobRow,
        max_attempts: i64,
        error: &str,
        now: i64,
    ) -> Result<Failed> {
        self.fail_job_after(job, max_attempts, error, now, 0).await
    }

    /// [`Store::fail_job`], the next attempt no sooner than `wait` seconds
    /// from now (what the other side asked for).
    pub async fn fail_job_after(
        &self,
        job: &JobRow,
        max_attempts: i64,
        error: &str,
        now: i64,
        wait: i64,
    ) -> Result<Failed> {
        if job.attempts >= max_attempts {
            let sql = "UPDATE jobs SET last_error = $1, locked_until = NULL, failed_at = $2 WHERE id = $3";
            with_pool!(self, p => sqlx::query(sql).bind(error).bind(now).bind(job.id).execute(p).await.map(|r| r.rows_affected()))?;
            return Ok(Failed::Parked);
        }
        let at = now + backoff_seconds(job.attempts).max(wait);
        let sql = "UPDATE jobs SET last_error = $1, locked_until = NULL, run_at = $2 WHERE id = $3";
        with_pool!(self, p => sqlx::query(sql).bind(error).bind(at).bind(job.id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(Failed::RetryAt(at))
    }

    /// The earliest time a pending job is due, so the worker knows when to wake.
    pub async fn next_job_due(&self) -> Result<Option<i64>> {
        let sql = "SELECT MIN(run_at) FROM jobs WHERE done_at IS NULL AND failed_at IS NULL";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)?)
    }

    /// How many jobs wait to run (due or not; not parked).
    pub async fn pending_job_count(&self) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND failed_at IS NULL";
        Ok(with_pool!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)?)
    }

    /// The dead letter, newest first: parked jobs waiting for a decision
    /// (`discarded` false), or those discarded (true), at most `limit`.
    pub async fn dead_jobs(&self, discarded: bool, limit: i64) -> Result<Vec<DeadJob>> {
        let state = if discarded {
            "j.discarded_at IS NOT NULL"
        } else {
            "j.discarded_at IS NULL"
        };
        let sql = format!(
            "SELECT j.id, j.kind, j.payload, j.attempts, j.last_error, j.failed_at, j.discarded_at,
               (SELECT u.name FROM job_actions a JOIN users u ON u.id = a.actor
                 WHERE a.job_id = j.id AND a.action = 'discard' ORDER BY a.at DESC, a.id DESC LIMIT 1) AS discarded_by,
               (SELECT MAX(a.at) FROM job_actions a WHERE a.job_id = j.id AND a.action = 'retry') AS retried_at,
               (SELECT u.name FROM job_actions a JOIN users u ON u.id = a.actor
                 WHERE a.job_id = j.id AND a.action = 'retry' ORDER BY a.at DESC, a.id DESC LIMIT 1) AS retried_by
             FROM jobs j
             WHERE j.failed_at IS NOT NULL AND {state}
             ORDER BY COALESCE(j.discarded_at, j.failed_at) DESC, j.id DESC LIMIT $1"
        );
        let rows: Vec<DeadRow> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(limit).fetch_all(p).await)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let job = Job::decode(&r.kind, &r.payload).ok();
            let (mut post_title, mut mail_to, mut mail_subject) = (None, None, None);
            match job {
                Some(Job::PublishPost { post_id } | Job::MailSubscribers { post_id }) => {
                    let sql = "SELECT title FROM posts WHERE id = $1";
                    post_title = with_pool!(self, p => sqlx::query_scalar(sql).bind(post_id).fetch_optional(p).await)?;
                }
                Some(Job::Deliver { delivery_id }) => {
                    let sql = "SELECT p.title FROM deliveries d JOIN posts p ON p.id = d.post_id WHERE d.id = $1";
                    post_title = with_pool!(self, p => sqlx::query_scalar(sql).bind(delivery_id).fetch_optional(p).await)?;
                }
                Some(Job::ActOnComment { action_id }) => {
                    let sql = "SELECT p.title FROM comment_actions a JOIN comments c ON c.id = a.comment_id JOIN posts p ON p.id = c.post_id WHERE a.id = $1";
                    post_title = with_pool!(self, p => sqlx::query_scalar(sql).bind(action_id).fetch_optional(p).await)?;
                }
                Some(Job::NotifyReview { review_id }) => {
                    let sql = "SELECT p.title FROM post_reviews r JOIN posts p ON p.id = r.post_id WHERE r.id = $1";
                    post_title = with_pool!(self, p => sqlx::query_scalar(sql).bind(review_id).fetch_optional(p).await)?;
                }
                Some(Job::SendMail { outbox_id }) => {
                    let sql = "SELECT to_address, subject FROM outbox WHERE id = $1";
                    let m: Option<(String, String)> = with_pool!(self, p => sqlx::query_as(sql).bind(outbox_id).fetch_optional(p).await)?;
                    if let Some((to, subject)) = m {
                        mail_to = Some(to);
                        mail_subject = Some(subject);
                    }
                }
                None => {}
            }
            out.push(DeadJob {
                id: r.id,
                kind: r.kind,
                payload: r.payload,
                known: job.is_some(),
                attempts: r.attempts,
                last_error: r.last_error.unwrap_or_default(),
                failed_at: r.failed_at,
                discarded_at: r.discarded_at,
                discarded_by: r.discarded_by,
                retried_at: r.retried_at,
                retried_by: r.retried_by,
                post_title,
                mail_to,
                mail_subject,
            });
        }
        Ok(out)
    }

    /// Put a parked job back in the queue, due now, with its attempts from
    /// zero; logged with who and when. `NotFound` for no such job,
    /// `Conflict("job")` when it is not parked (running, done, discarded, or
    /// retried by someone else in between).
    pub async fn retry_job(&self, id: JobId, actor: UserId, now: i64) -> Result<()> {
        self.decide_job(id, "retry", actor, now).await
    }

    /// Give up on a parked job: it stays in the table as discarded and is
    /// never run; logged with who and when. Errors as [`Store::retry_job`].
    pub async fn discard_job(&self, id: JobId, actor: UserId, now: i64) -> Result<()> {
        self.decide_job(id, "discard", actor, now).await
    }

    async fn decide_job(&self, id: JobId, action: &str, actor: UserId, now: i64) -> Result<()> {
        let change = if action == "retry" {
            "UPDATE jobs SET failed_at = NULL, attempts = 0, run_at = $1, locked_until = NULL
             WHERE id = $2 AND failed_at IS NOT NULL AND discarded_at IS NULL"
        } else {
            "UPDATE jobs SET discarded_at = $1
             WHERE id = $2 AND failed_at IS NOT NULL AND discarded_at IS NULL"
        };
        with_pool!(self, p => async {
            let mut tx = crate::BeginWrite::begin_write(p).await?;
            let done = sqlx::query(change).bind(now).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM jobs WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                return Err(match exists {
                    Some(_) => StoreError::Conflict("job"),
                    None => StoreError::NotFound,
                });
            }
            sqlx::query("INSERT INTO job_actions (job_id, action, actor, at) VALUES ($1, $2, $3, $4)")
                .bind(id).bind(action).bind(actor).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }.await)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored strings are exactly those written before the enum: rows
    /// queued by older versions decode, and new rows read the same.
    #[test]
    fn jobs_round_trip_through_the_old_kind_and_payload_strings() {
        let cases = [
            (
                Job::PublishPost {
                    post_id: PostId::new(12),
                },
                "publish_post",
                r#"{"post_id":12}"#,
            ),
            (
                Job::NotifyReview { review_id: 3 },
                "notify_review",
                r#"{"review_id":3}"#,
            ),
            (
                Job::SendMail {
                    outbox_id: MailId::new(9_000_000_000),
                },
                "send_mail",
                r#"{"outbox_id":9000000000}"#,
            ),
        ];
        for (job, kind, payload) in cases {
            assert_eq!(job.kind(), kind);
            assert_eq!(job.payload(), payload);
            assert_eq!(Job::decode(kind, payload).unwrap(), job);
            // The serde tag and kind() agree.
            let v = serde_json::to_value(job).unwrap();
            assert_eq!(v["kind"], kind);
        }
        // Whitespace and field order in old rows do not matter.
        assert_eq!(
            Job::decode("publish_post", r#"{ "post_id" : 5 }"#).unwrap(),
            Job::PublishPost {
                post_id: PostId::new(5)
            }
        );
    }

    #[test]
    fn rows_that_do_not_decode_are_errors_not_panics() {
        assert!(matches!(
            Job::decode("syndicate", r#"{"post_id":1}"#),
            Err(JobDecodeError::UnknownKind(k)) if k == "syndicate"
        ));
        for payload in [
            "",
            "{",
            "{}",
            r#"{"post_id":"x"}"#,
            r#"{"review_id":1}"#,
            "null",
            "[1]",
        ] {
            assert!(
                matches!(
                    Job::decode("publish_post", payload),
                    Err(JobDecodeError::Payload { .. })
                ),
                "{payload:?}"
            );
        }
    }

    #[test]
    fn back_off_doubles_and_is_capped() {
        assert_eq!(backoff_seconds(1), 60);
        assert_eq!(backoff_seconds(2), 120);
        assert_eq!(backoff_seconds(9), 15_360);
        assert_eq!(backoff_seconds(10), MAX_BACKOFF_SECONDS);
        assert_eq!(backoff_seconds(1_000), MAX_BACKOFF_SECONDS);
        // The last attempt of each kind comes after roughly the documented wait.
        let wait = |n: i64| (1..n).map(backoff_seconds).sum::<i64>();
        assert_eq!(wait(Job::NotifyReview { review_id: 1 }.max_attempts()), 900);
        let mail = wait(
            Job::SendMail {
                outbox_id: MailId::new(1),
            }
            .max_attempts(),
        );
        assert!((19 * 3600..22 * 3600).contains(&mail), "{mail}");
        let publish = wait(
            Job::PublishPost {
                post_id: PostId::new(1),
            }
            .max_attempts(),
        );
        assert!((2 * 86_400..4 * 86_400).contains(&publish), "{publish}");
    }
}
