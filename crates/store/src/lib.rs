//! Lykta's storage: one [`Store`] over SQLite or PostgreSQL, chosen at run time
//! from the database URL. The SQL is written once, in the portable subset both
//! backends share (`$n` parameters, `RETURNING`, integer Unix times); each
//! backend has its own migrations.
//!
//! Invariant: anonymous reads go through [`Reader::anonymous`], whose queries
//! cannot return internal blogs or unpublished posts.
#![forbid(unsafe_code)]

mod autosaves;
mod blogs;
mod channels;
mod comment_actions;
mod comments;
mod connections;
pub mod events;
mod guidelines;
mod identities;
mod incidents;
mod jobs;
mod media;
mod models;
mod org;
mod outbox;
mod pages;
mod people;
mod plan;
mod platform_accounts;
mod posts;
mod reader;
pub mod record;
mod spokes;
mod subscriptions;
mod surveys;
mod syndication;
pub use record::{RecordEntry, RecordQuery};
mod team;
mod users;

pub use autosaves::Autosave;
pub use blogs::{BlogInput, CommentSettings};
pub use channels::{
    Channel, ChannelInput, ChannelOwner, HealthFlag, ImportOutcome, ImportedChannel, QUIET_DAYS,
};
pub use comment_actions::CommentAction;
pub use comments::{
    Comment, CommentSource, CommentState, Decision, NewComment, PublicComment, QueueCounts,
    QueueFilter, QueueFrom, QueueKey, QueuePage, QueueSource,
};
pub use connections::PasswordConnection;
pub use events::LoggedEvent;
pub use guidelines::{GuidelineText, GuidelineVersion, QuestionStats, Reach};
pub use identities::{Identity, OidcAttempt, OIDC_ATTEMPT_SECONDS};
pub use incidents::{
    Incident, IncidentFile, IncidentLogEntry, NewIncident, NewIncidentFile, Scenario,
    ScenarioInput, MAX_INCIDENT_FILES,
};
pub use jobs::{
    backoff_seconds, DeadJob, Failed, Job, JobDecodeError, JobRow, RetryAfter, LEASE_SECONDS,
    MAX_BACKOFF_SECONDS, UNDECODABLE_ATTEMPTS,
};
pub use media::NewMedia;
pub use models::*;
pub use outbox::{CalendarOf, MailPrefs, OutboxMail, OutgoingMail, Recipient};
pub use pages::PageInput;
pub use people::{PasswordChange, PasswordReset, PersonEdit, UserAction};
pub use plan::{DuePlanItem, PlanApproval, PlanInput, PlanItem};
pub use posts::CalendarPost;
pub use posts::{AfterSave, Edit, PostInput, StateChange};
pub use reader::{PostQuery, Reader, TagCount};
pub use spokes::{
    BlogSyndication, ChannelMonth, Copy as ChannelCopy, DeliveryEvent, DeliveryKind, InFlight,
    PlannedDelivery,
};
pub use subscriptions::{
    Frequency, Subscriber, SubscriberExport, SubscriptionMail, SubscriptionRequest,
    SubscriptionToken,
};
pub use surveys::{NewSurvey, Survey, SurveyAnswer, SurveyResponse};
pub use syndication::{ChosenChannel, Connection, ConnectionHealth, Delivery, DeliveryState};
pub use team::{Acceptor, Invitation, InvitationUnusable, NewInvitation, Note};
pub use users::{Member, NewUser};

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique value is already taken (the name says which).
    #[error("{0} is already taken")]
    Conflict(&'static str),
    /// Someone else saved in between (optimistic concurrency).
    #[error("the record was changed by someone else (now at version {current})")]
    StaleVersion { current: i64 },
    #[error("unsupported database URL (expected sqlite:… or postgres://…)")]
    UnsupportedUrl,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// The database could not take the work in time — every connection in
    /// use, or SQLite still locked after its busy timeout, or PostgreSQL out
    /// of connections or locks. Worth trying again shortly; not a fault.
    pub fn is_busy(&self) -> bool {
        let StoreError::Database(e) = self else {
            return false;
        };
        match e {
            sqlx::Error::PoolTimedOut => true,
            sqlx::Error::Database(d) => matches!(
                d.code().as_deref(),
                // SQLITE_BUSY, SQLITE_LOCKED (and their extended codes)
                Some("5" | "6" | "261" | "262" | "517" | "773")
                // too_many_connections, lock_not_available, serialization_failure, deadlock_detected
                | Some("53300" | "55P03" | "40001" | "40P01")
            ),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Map a unique-constraint violation to [`StoreError::Conflict`].
pub(crate) fn conflict_on_unique(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match e.as_database_error() {
        Some(d) if d.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(e),
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Run the same code against whichever pool the store holds. `$p` is bound to
/// the concrete pool; the body is written once and compiled for each backend.
macro_rules! with_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($p) => $body,
            $crate::Pool::Postgres($p) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Transactions that write. On SQLite they begin with `BEGIN IMMEDIATE`,
/// so a writer takes the write lock before it reads and concurrent writers
/// wait their turn (the busy timeout) instead of failing when a read lock
/// cannot be upgraded; a versioned save then reads the version the last
/// writer left. On PostgreSQL a plain `BEGIN` (row locks do the waiting).
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// See [`Store::queue_figures`].
#[derive(Debug, Clone, Default)]
pub struct QueueFigures {
    /// (kind, waiting, earliest `run_at`).
    pub jobs_waiting: Vec<(String, i64, i64)>,
    pub jobs_failed: i64,
    pub unsent_mail: i64,
    pub comments_waiting: i64,
}

#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: Pool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Store {
    /// Open (creating a SQLite file if needed) without migrating.
    pub async fn connect(url: &str) -> Result<Store> {
        let pool = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            Pool::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(opts)
                    .await?,
            )
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?,
            )
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        Ok(Store { pool })
    }

    /// Bring the schema up to date.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        with_pool!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Whether every migration this build knows has been applied (a node
    /// running older code than its database, or a database not yet
    /// migrated, is not ready).
    pub async fn migrations_current(&self) -> Result<bool> {
        let sql = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
        let applied: Option<i64> =
            with_pool!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)?;
        Ok(applied == Some(self.latest_migration()))
    }

    /// The latest migration this build knows.
    pub fn latest_migration(&self) -> i64 {
        let m = match &self.pool {
            Pool::Sqlite(_) => sqlx::migrate!("./migrations/sqlite"),
            Pool::Postgres(_) => sqlx::migrate!("./migrations/postgres"),
        };
        m.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// A consistent copy of a SQLite database at `path` (a new file), made
    /// while the site serves: `VACUUM INTO` reads one snapshot. `None` on
    /// PostgreSQL, whose own tools (`pg_dump`) make its copies.
    pub async fn sqlite_snapshot(&self, path: &std::path::Path) -> Result<Option<()>> {
        let Pool::Sqlite(p) = &self.pool else {
            return Ok(None);
        };
        let target = path.to_string_lossy().replace('\'', "''");
        sqlx::query(&format!("VACUUM INTO '{target}'"))
            .execute(p)
            .await?;
        Ok(Some(()))
    }

    /// Connections open in the pool, and how many of them are idle.
    pub fn pool_use(&self) -> (u32, usize) {
        match &self.pool {
            Pool::Sqlite(p) => (p.size(), p.num_idle()),
            Pool::Postgres(p) => (p.size(), p.num_idle()),
        }
    }

    /// What an operator alerts on, read in one go: jobs waiting per kind
    /// (count, earliest due time), parked jobs, unsent mail, comments
    /// waiting for a moderator.
    pub async fn queue_figures(&self) -> Result<QueueFigures> {
        let jobs = "SELECT kind, COUNT(*), MIN(run_at) FROM jobs
                    WHERE done_at IS NULL AND failed_at IS NULL GROUP BY kind ORDER BY kind";
        let failed =
            "SELECT COUNT(*) FROM jobs WHERE failed_at IS NOT NULL AND discarded_at IS NULL";
        let outbox = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";
        let comments = "SELECT COUNT(*) FROM comments WHERE state = 'pending'";
        Ok(QueueFigures {
            jobs_waiting: with_pool!(self, p => sqlx::query_as(jobs).fetch_all(p).await)?,
            jobs_failed: with_pool!(self, p => sqlx::query_scalar(failed).fetch_one(p).await)?,
            unsent_mail: with_pool!(self, p => sqlx::query_scalar(outbox).fetch_one(p).await)?,
            comments_waiting: with_pool!(self, p => sqlx::query_scalar(comments).fetch_one(p).await)?,
        })
    }

    pub async fn close(&self) {
        with_pool!(self, p => p.close().await)
    }
}

/// `$a, $b, …` placeholders for an `IN (…)` list starting at parameter `first`.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Helpers for test suites: a fresh, empty database on either backend. Only
/// with the `testing` feature, which test suites enable; never in the binary.
#[cfg(feature = "testing")]
pub mod testing;
