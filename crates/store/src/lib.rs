//! Lykta's storage: one [`Store`] over SQLite or PostgreSQL, chosen at run time
//! from the database URL. The SQL is written once, in the portable subset both
//! backends share (`$n` parameters, `RETURNING`, integer Unix times); each
//! backend has its own migrations.
//!
//! Invariant: anonymous reads go through [`Reader::anonymous`], whose queries
//! cannot return internal blogs or unpublished posts.
#![forbid(unsafe_code)]

mod blogs;
mod channels;
mod comments;
mod guidelines;
mod identities;
mod incidents;
mod jobs;
mod media;
mod models;
mod org;
mod outbox;
mod pages;
mod plan;
mod posts;
mod reader;
pub mod record;
mod surveys;
pub use record::{RecordEntry, RecordQuery};
mod team;
mod users;

pub use blogs::{BlogInput, CommentSettings};
pub use channels::{
    Channel, ChannelInput, ChannelOwner, HealthFlag, ImportOutcome, ImportedChannel, QUIET_DAYS,
};
pub use comments::{Comment, CommentState, Decision, NewComment, PublicComment, QueueFilter};
pub use guidelines::{GuidelineText, GuidelineVersion, QuestionStats, Reach};
pub use identities::{Identity, OidcAttempt, OIDC_ATTEMPT_SECONDS};
pub use incidents::{
    Incident, IncidentFile, IncidentLogEntry, NewIncident, NewIncidentFile, Scenario,
    ScenarioInput, MAX_INCIDENT_FILES,
};
pub use jobs::Job;
pub use media::NewMedia;
pub use models::*;
pub use outbox::{MailPrefs, OutboxMail, OutgoingMail, Recipient, SEND_MAIL_JOB};
pub use pages::PageInput;
pub use plan::{DuePlanItem, PlanApproval, PlanInput, PlanItem};
pub use posts::{CalendarPost, NOTIFY_REVIEW_JOB, PUBLISH_JOB};
pub use posts::{PostInput, StateChange};
pub use reader::{PostQuery, Reader, TagCount};
pub use surveys::{NewSurvey, Survey, SurveyAnswer, SurveyResponse};
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

/// Helpers for test suites: a fresh, empty database on either backend.
#[doc(hidden)]
pub mod testing {
    use super::*;

    /// Backends to test against: SQLite always; PostgreSQL when
    /// `LYKTA_TEST_POSTGRES_URL` names a server (the test command starts one).
    /// With `LYKTA_TEST_REQUIRE_TOOLS=1` a missing PostgreSQL is an error.
    pub fn backends() -> Vec<Backend> {
        let mut v = vec![Backend::Sqlite];
        if std::env::var("LYKTA_TEST_POSTGRES_URL").is_ok() {
            v.push(Backend::Postgres);
        } else if std::env::var("LYKTA_TEST_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("LYKTA_TEST_REQUIRE_TOOLS=1 but LYKTA_TEST_POSTGRES_URL is not set");
        }
        v
    }

    /// A database URL for a new, empty database: a SQLite file in `dir`, or a
    /// new PostgreSQL database with a unique name on the test server.
    pub async fn fresh_database_url(backend: Backend, dir: &std::path::Path) -> Result<String> {
        match backend {
            Backend::Sqlite => Ok(format!("sqlite://{}", dir.join("lykta.db").display())),
            Backend::Postgres => {
                let admin = std::env::var("LYKTA_TEST_POSTGRES_URL")
                    .map_err(|_| StoreError::UnsupportedUrl)?;
                let name = format!("lykta_test_{}_{}", std::process::id(), unique());
                let pool = PgPoolOptions::new()
                    .max_connections(1)
                    .connect(&admin)
                    .await?;
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await?;
                pool.close().await;
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                Ok(format!("{base}/{name}"))
            }
        }
    }

    fn unique() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(0);
        nanos * 1000 + N.fetch_add(1, Ordering::Relaxed)
    }
}
