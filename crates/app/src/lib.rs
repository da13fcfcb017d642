//! Lykta's application layer: the use cases every entry point calls — the
//! web handlers, the CLI, the demo seeding, the worker and the tests. A use
//! case takes typed input (already parsed into domain newtypes) and the
//! acting person, asks [`lykta_domain::can`], applies the business rules,
//! and changes the store in one transaction; it returns a typed outcome or
//! an [`Error`] the caller can branch on.
//!
//! Boundary: no HTTP, no HTML, no templates. Message keys (for the caller to
//! say in the reader's language) are the only words it knows.
#![forbid(unsafe_code)]

use lykta_domain::UserId;
pub mod accounts;
pub mod archive;
pub mod autosave;
pub mod blogs;
pub mod channel_table;
pub mod channels;
pub mod comments;
pub mod guidelines;
pub mod incidents;
pub mod jobs;
pub mod media;
pub mod notify;
pub mod organisation;
pub mod people;
pub mod plan;
pub mod posts;
pub mod reading;
pub mod record;
pub mod search;
pub mod secrets;
pub mod spokes;
pub mod subscriptions;
pub mod surveys;
pub mod syndication;
pub mod team;
pub mod todo;

use lykta_domain::{can, Action, Actor, Clock, FieldErrors, Target};
use lykta_store::{Store, StoreError};
use std::path::PathBuf;
use std::sync::Arc;

/// Longest note: a review note, a moderator's note, a plan reviewer's note.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Why a use case did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The one permission table says no.
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The input is refused: field name → message key.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// Someone else saved in between; nothing was changed.
    #[error("changed by someone else (now at version {current})")]
    Stale { current: i64 },
    /// The thing is not in a state that allows this (message key).
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Too many requests from this sender.
    #[error("too many requests")]
    TooManyRequests,
    /// The sender is shut out for now (a moderator's temporary ban).
    #[error("sender banned")]
    Banned,
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Error::NotFound,
            StoreError::StaleVersion { current } => Error::Stale { current },
            other => Error::Store(other),
        }
    }
}

impl Error {
    /// One field's message as an error.
    pub fn field(field: &str, key: &'static str) -> Error {
        let mut e = FieldErrors::default();
        e.add(field, key);
        Error::Invalid(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Input as the caller parsed it: the value, or what is wrong with the
/// form. A use case takes it unopened so that its permission check comes
/// first — a person who may not act hears "not allowed", not "fix the form".
pub type Parsed<T> = std::result::Result<T, FieldErrors>;

/// Wakes the background worker (a job was queued that is due soon).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// What every use case needs: the store, the clock, the folders for files,
/// and the installation's salt for client addresses.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    /// Public images (`<data_dir>/media`).
    pub media_dir: PathBuf,
    /// Files never served as files (`<data_dir>/private`).
    pub private_dir: PathBuf,
    /// Mixed into hashes of client addresses, so the addresses themselves
    /// are never stored. Made once per installation, the same on every node.
    client_salt: String,
    wake: Waker,
    /// Writes the mail use cases send, in the recipient's language.
    pub notify: notify::Composer,
    /// This node's search indexes (`<data_dir>/search`), fed from the event log.
    search: Arc<search::Indexes>,
    /// Seals channel credentials with the key in `<data_dir>/channel-secrets.key`.
    sealer: lykta_channels::seal::Sealer,
    /// Talks to the platforms (timeouts set; inner addresses refused
    /// unless `allow_private_channel_hosts`).
    http: reqwest::Client,
    /// Platform addresses may point at loopback or private networks.
    allow_private_channel_hosts: bool,
    /// The organisation's apps at Meta and LinkedIn (from the settings).
    platform_apps: Arc<syndication::PlatformApps>,
    /// Posts whose comment queue was just found full (slow mode).
    full_queues: Arc<comments::FullQueues>,
}

impl App {
    /// The application over `store`, with files under `data_dir`, writing
    /// mail from `cat` with links under `base_url`. Reads (or makes, once per
    /// installation) the salt for client addresses.
    pub async fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        data_dir: &std::path::Path,
        cat: Arc<lykta_i18n::Catalogues>,
        base_url: &str,
    ) -> Result<App> {
        let client_salt = store
            .site_secret("client_salt", secrets::random_token)
            .await?;
        // Made once per installation: the deliveries' idempotency keys hash it.
        store
            .site_secret("delivery_keys", secrets::random_token)
            .await?;
        let key_file = data_dir.join(lykta_channels::seal::KEY_FILE);
        let sealer = lykta_channels::seal::Sealer::from_key_file(&key_file)
            .map_err(|e| anyhow::anyhow!("the channel key file {}: {e}", key_file.display()))?;
        Ok(App {
            notify: notify::Composer {
                store: store.clone(),
                cat,
                base_url: base_url.trim_end_matches('/').to_owned(),
                subscription_rate: subscriptions::DEFAULT_MAILS_PER_MINUTE,
            },
            store,
            clock,
            media_dir: data_dir.join("media"),
            private_dir: data_dir.join("private"),
            client_salt,
            full_queues: Default::default(),
            wake: Arc::new(|| {}),
            search: Arc::new(search::Indexes::open(&data_dir.join("search"))?),
            sealer,
            http: lykta_channels::host::client(false),
            allow_private_channel_hosts: false,
            platform_apps: Arc::default(),
        })
    }

    /// Send subscription mail at most `per_minute` messages a minute.
    pub fn with_subscription_rate(mut self, per_minute: i64) -> App {
        self.notify.subscription_rate = per_minute.max(1);
        self
    }

    /// Let platform addresses point at loopback or private networks (the
    /// setting `allow_private_channel_hosts`: tests, the demo's local peers).
    pub fn with_private_channel_hosts(mut self, allow: bool) -> App {
        self.allow_private_channel_hosts = allow;
        self.http = lykta_channels::host::client(allow);
        self
    }

    /// Connect Facebook, Instagram and LinkedIn channels through these apps.
    pub fn with_platform_apps(mut self, apps: syndication::PlatformApps) -> App {
        self.platform_apps = Arc::new(apps);
        self
    }

    /// Wake this worker when a job is queued that is due soon.
    pub fn with_waker(mut self, wake: Waker) -> App {
        self.wake = wake;
        self
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// The same application as if it were `t` now: for writing history
    /// (the demo's posts of past months) through the same rules.
    pub fn at(&self, t: i64) -> App {
        App {
            clock: Arc::new(lykta_domain::ManualClock::new(t)),
            ..self.clone()
        }
    }

    pub(crate) fn wake_worker(&self) {
        (self.wake)()
    }

    /// A client address as it is stored: salted SHA-256, never the address.
    pub fn client_hash(&self, ip: std::net::IpAddr) -> String {
        secrets::salted_hash(&self.client_salt, &ip.to_string())
    }
}

/// The one gate: may `actor` do `action` to `target`?
pub fn require(actor: &Actor, action: Action, target: Target<'_>) -> Result<()> {
    if can(Some(actor), action, target) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The permission target for a blog.
pub fn on_blog(b: &lykta_store::Blog) -> Target<'static> {
    Target::Blog {
        id: b.id,
        audience: b.audience,
    }
}

/// The permission target for a post of `b` written by `author_ids`.
pub fn on_post<'a>(
    b: &lykta_store::Blog,
    p: &lykta_store::Post,
    author_ids: &'a [UserId],
) -> Target<'a> {
    Target::Post {
        blog_id: b.id,
        audience: b.audience,
        author_ids,
        published: p.published_at.is_some(),
    }
}
