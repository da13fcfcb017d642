//! Lykta's web layer: the axum router, sessions and sign-in, CSRF, the public
//! site, feeds, and the staff admin. Knows nothing of SQL: it talks to
//! `lykta_store::Store` and asks `lykta_domain::can` before doing anything.
#![forbid(unsafe_code)]

use lykta_domain::BlogId;
mod admission;
pub mod cache;
mod error;
pub mod lang;
mod metrics;
pub mod platform_apps;
mod routes;
mod session;
pub mod settings;
mod templates;

pub use error::{AppError, AppResult};
pub use routes::route_patterns;
pub use settings::{redact_url, OidcProvider, Secret, Settings};
pub use templates::datetime_local;

use anyhow::Context as _;
use axum::serve::ListenerExt as _;
use axum::Router;
use lykta_domain::{Clock, Language, SystemClock};
use lykta_jobs::Worker;
use lykta_store::{Blog, Organisation, Page, PostDetail, Reader, Store};
use minijinja::Environment;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

pub struct AppInner {
    /// The use cases (the application layer); handlers call these for
    /// anything that changes something.
    pub app: lykta_app::App,
    pub store: Store,
    pub settings: Settings,
    /// Absolute base URL without a trailing slash, e.g. `https://example.org`.
    pub base_url: String,
    pub templates: Environment<'static>,
    pub cat: Arc<lykta_i18n::Catalogues>,
    pub clock: Arc<dyn Clock>,
    pub worker: Worker,
    /// What every public page needs, as of a content version.
    site_memo: std::sync::RwLock<Option<(i64, Arc<PublicSite>)>>,
    /// Rendered public pages; see [`cache`].
    pub cache: Arc<cache::PageCache>,
    /// Anonymous state-changing requests this node still takes; see [`admission`].
    pub(crate) admission: admission::Admission,
    /// Sign-in attempts per client address: (count, window start).
    pub sign_in_attempts: Mutex<HashMap<IpAddr, (u32, i64)>>,
    /// OpenID Connect providers' discovery documents, read on first use.
    pub(crate) oidc: routes::OidcCache,
    /// Requests, the page cache and the queues, for `/metrics`.
    pub(crate) metrics: metrics::Metrics,
}

pub type AppState = Arc<AppInner>;

/// The organisation, its public blogs and their published pages: read on
/// almost every page, so kept in memory for one content version. Built only
/// through `Reader::anonymous`, so it holds nothing internal.
pub struct PublicSite {
    pub org: Organisation,
    pub blogs: Vec<Blog>,
    pub pages: Vec<Page>,
    /// Published posts asked for by address in this version (at most
    /// [`POSTS_REMEMBERED`]), so a flood of comments on one post reads it once.
    posts: std::sync::RwLock<HashMap<(BlogId, String), PostDetail>>,
}

/// How many posts one content version of the public site remembers.
const POSTS_REMEMBERED: usize = 256;

impl PublicSite {
    pub fn blog(&self, slug: &str) -> Option<&Blog> {
        self.blogs.iter().find(|b| b.slug == slug)
    }
    /// Does the organisation publish in both languages (public blogs in
    /// Swedish and in English)? Then readers choose the language of the
    /// pages' own words.
    pub fn bilingual(&self) -> bool {
        let first = self.blogs.first().map(|b| b.language);
        self.blogs.iter().any(|b| Some(b.language) != first)
    }

    /// The language of a public page's own words, for a page whose text is
    /// in `page`: the reader's choice where the organisation publishes in
    /// both languages, else the page's.
    pub fn reader_language(&self, preferred: lang::Preferred, page: Language) -> Language {
        match preferred.0 {
            Some(l) if self.bilingual() => l,
            _ => page,
        }
    }

    /// The published post at `slug` in the public blog `blog_id`, read
    /// through `Reader::anonymous` once per content version.
    pub async fn post(
        &self,
        store: &Store,
        blog_id: BlogId,
        slug: &str,
    ) -> anyhow::Result<Option<PostDetail>> {
        let key = (blog_id, slug.to_owned());
        if let Some(p) = self.posts.read().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(Some(p));
        }
        let post = Reader::anonymous(store).post(blog_id, slug).await?;
        if let (Some(p), Ok(mut m)) = (&post, self.posts.write()) {
            if m.len() < POSTS_REMEMBERED {
                m.insert(key, p.clone());
            }
        }
        Ok(post)
    }

    pub fn pages_of(&self, blog_id: BlogId) -> Vec<Page> {
        self.pages
            .iter()
            .filter(|p| p.blog_id == blog_id)
            .cloned()
            .collect()
    }
}

impl AppInner {
    /// The public site as of the current content version.
    pub async fn site(&self) -> anyhow::Result<Arc<PublicSite>> {
        let version = self.cache.version();
        if let Ok(memo) = self.site_memo.read() {
            if let Some((_, site)) = memo.as_ref().filter(|(v, _)| *v == version) {
                return Ok(site.clone());
            }
        }
        let reader = Reader::anonymous(&self.store);
        let site = Arc::new(PublicSite {
            org: self.load_organisation().await?,
            blogs: reader.blogs().await?,
            pages: reader.all_pages().await?,
            posts: Default::default(),
        });
        if let Ok(mut memo) = self.site_memo.write() {
            *memo = Some((version, site.clone()));
        }
        Ok(site)
    }

    /// The organisation, or a placeholder before one is set up.
    pub async fn organisation(&self) -> anyhow::Result<Organisation> {
        Ok(self.site().await?.org.clone())
    }

    async fn load_organisation(&self) -> anyhow::Result<Organisation> {
        let mut org = self
            .store
            .organisation()
            .await?
            .unwrap_or_else(|| Organisation {
                name: "Lykta".into(),
                default_language: Language::Sv,
                contact_email: String::new(),
                contact_phone: String::new(),
                logo_media_id: None,
                accessibility_statement: String::new(),
                updated_at: 0,
                logo_url: None,
            });
        if let Some(id) = org.logo_media_id {
            if let Ok(m) = self.store.media(id).await {
                org.logo_url = Some(m.full_url());
            }
        }
        Ok(org)
    }

    /// Follow the event log: forget cached pages if public content changed,
    /// and bring the search indexes up to date, since this node last looked — by this node's requests or worker, by
    /// another node, or by a `lykta` command. Runs after every successful
    /// state-changing request and every [`cache::POLL`].
    pub async fn follow_events(&self) -> anyhow::Result<()> {
        let last = self.store.last_event_id().await?;
        let seen = self.cache.seen_event();
        if last != seen && tracing::enabled!(tracing::Level::DEBUG) {
            for e in self.store.events_after(seen, 50).await? {
                tracing::debug!(id = e.id, event = ?e.event, "content changed");
            }
        }
        let public = last != seen && self.store.public_change_between(seen, last).await?;
        // The search indexes follow the same log (each from its own cursor),
        // before the cache lets go of its pages: a search page rendered after
        // the clear sees the index as of the change.
        let searched = self.app.catch_up_search().await;
        self.cache.observe(last, public);
        searched?;
        Ok(())
    }

    /// The client's address: the peer's, or — when the peer is a trusted
    /// proxy — the last address in `X-Forwarded-For` that is not one.
    pub fn client_ip(&self, peer: SocketAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        let trusted = &self.settings.trusted_proxies;
        if !trusted.contains(&peer.ip()) {
            return peer.ip();
        }
        headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.rsplit(',')
                    .filter_map(|a| a.trim().parse::<IpAddr>().ok())
                    .find(|a| !trusted.contains(a))
            })
            .unwrap_or(peer.ip())
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn t(&self, lang: Language, key: &str) -> String {
        self.cat.get(lang, key, &[])
    }
}

/// Create the data folder, open the database and bring its schema up to date,
/// with messages that say which folder or database failed (passwords hidden).
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    std::fs::create_dir_all(settings.media_dir()).with_context(|| {
        format!(
            "cannot create the data folder {}",
            settings.data_dir.display()
        )
    })?;
    let url = settings.database_url();
    let store = Store::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", redact_url(&url)))?;
    store
        .migrate()
        .await
        .with_context(|| format!("cannot migrate the database {}", redact_url(&url)))?;
    Ok(store)
}

pub struct Application {
    listener: tokio::net::TcpListener,
    state: AppState,
}

impl Application {
    /// Open the database (migrating it), bind the listener, build the router.
    /// Used by `lykta serve` and by the tests (port 0, fresh data folder).
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Application> {
        settings
            .check_oidc_providers()
            .map_err(anyhow::Error::msg)?;
        let store = open_store(&settings).await?;
        let listener = tokio::net::TcpListener::bind(&settings.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let addr = listener.local_addr()?;
        let base_url = if settings.base_url.is_empty() {
            format!("http://{addr}")
        } else {
            settings.base_url.trim_end_matches('/').to_owned()
        };
        let cat = Arc::new(lykta_i18n::Catalogues::load());
        let templates = templates::environment(cat.clone()).context("templates")?;
        let cache = Arc::new(cache::PageCache::new(settings.page_cache));
        let on_change = {
            let cache = cache.clone();
            Arc::new(move || cache.clear())
        };
        let mailer = if settings.smtp_url.0.is_empty() {
            None
        } else {
            Some(
                lykta_mail::Mailer::new(&lykta_mail::MailSettings {
                    smtp_url: settings.smtp_url.0.clone(),
                    from: settings.mail_from.clone(),
                })
                .context("e-mail settings (smtp_url, mail_from)")?,
            )
        };
        let app = lykta_app::App::new(
            store.clone(),
            clock.clone(),
            &settings.data_dir,
            cat.clone(),
            &base_url,
        )
        .await
        .context("reading the installation's secrets")?
        .with_subscription_rate(settings.subscription_mails_per_minute)
        .with_private_channel_hosts(settings.allow_private_channel_hosts)
        .with_platform_apps(platform_apps::platform_apps(
            settings.meta_app.as_ref(),
            settings.linkedin_app.as_ref(),
        ));
        settings
            .check_disposal_rules()
            .map_err(anyhow::Error::msg)?;
        let worker = Worker::new(
            clock.clone(),
            on_change,
            app.notify.clone(),
            mailer,
            settings.disposal_rules.clone(),
        )
        .with_syndication(app.clone());
        let app = app.with_waker({
            let worker = worker.clone();
            Arc::new(move || worker.wake())
        });
        let admission = admission::Admission::new(
            settings.anonymous_posts_per_minute,
            settings.anonymous_posts_burst,
        );
        let state = Arc::new(AppInner {
            app,
            store,
            settings,
            base_url,
            templates,
            cat,
            clock,
            worker,
            cache,
            admission,
            site_memo: std::sync::RwLock::new(None),
            sign_in_attempts: Mutex::new(HashMap::new()),
            oidc: routes::OidcCache::new().context("HTTP client for OpenID Connect")?,
            metrics: metrics::Metrics::new(),
        });
        Ok(Application { listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    pub fn router(&self) -> Router {
        routes::router(self.state.clone())
    }

    /// Serve until Ctrl-C / SIGTERM, running the worker alongside if enabled;
    /// then shut down gracefully ([`Application::run_until`]).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serve until `stop` completes, then shut down gracefully: stop
    /// accepting connections, let the requests in flight finish, and let the
    /// worker finish the job it is running without claiming another — all
    /// within `shutdown_grace_seconds`, after which this returns anyway (a
    /// job cut short keeps its lease until it runs out; then a worker runs it
    /// again, so nothing is lost).
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // Before serving: the cache adopts the log, and a search index that
        // is missing (a new node, a new data folder) is built, so the first
        // reader's search finds everything.
        if let Err(e) = self.state.follow_events().await {
            tracing::warn!(error = %e, "cannot follow the event log");
        }
        let worker = self
            .state
            .settings
            .worker
            .then(|| tokio::spawn(self.state.worker.clone().run_until_stopped()));
        let events = tokio::spawn(follow_events(self.state.clone()));
        let grace = std::time::Duration::from_secs(self.state.settings.shutdown_grace_seconds);
        let (stopping_tx, mut stopping) = tokio::sync::watch::channel(false);
        let signalled = {
            let worker = self.state.worker.clone();
            async move {
                stop.await;
                tracing::info!(
                    grace_seconds = grace.as_secs(),
                    "stopping: no new connections or jobs; finishing those in flight"
                );
                worker.stop();
                let _ = stopping_tx.send(true);
            }
        };
        let app = self.router();
        tracing::info!(address = %self.state.base_url, "Lykta is serving");
        // Without TCP_NODELAY a response written in two parts (head, then body) waits for the
        // client's delayed ACK, 40–200 ms on Linux: the stalls in the readers' p99.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "cannot set TCP_NODELAY on a connection");
            }
        });
        let server = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(signalled);
        let drained = async {
            server.await.context("server")?;
            if let Some(worker) = worker {
                worker.await.context("worker")?;
            }
            anyhow::Ok(())
        };
        let deadline = async {
            if stopping.wait_for(|s| *s).await.is_err() {
                // The server ended without being told to: `drained` says why.
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(grace).await;
        };
        let outcome = tokio::select! {
            outcome = drained => outcome,
            () = deadline => {
                tracing::warn!(
                    grace_seconds = grace.as_secs(),
                    "stopped with work in flight after the grace period; an unfinished job runs again when its lease runs out"
                );
                Ok(())
            }
        };
        events.abort();
        if outcome.is_ok() {
            tracing::info!("stopped");
        }
        outcome
    }
}

/// Follow content changes made by other nodes (and by `lykta` commands).
async fn follow_events(state: AppState) {
    loop {
        if let Err(e) = state.follow_events().await {
            tracing::warn!(error = %e, "cannot read the event log");
        }
        tokio::time::sleep(cache::POLL).await;
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
