//! `spawn_app()`: a real Lykta on a free loopback port with a fresh data
//! folder and database (SQLite, or a new PostgreSQL database), an injected
//! clock, and an HTTP client with a cookie jar that does not follow redirects.

use lykta_domain::ManualClock;
use lykta_domain::{BlogId, PostId};
use lykta_store::Backend;
use lykta_web::{AppState, Application, Settings};
use std::sync::Arc;

pub use lykta_store::testing::backends;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub backend: Backend,
    pub dir: tempfile::TempDir,
    csrf: std::sync::Mutex<Option<String>>,
    /// Tells the app to stop, as SIGTERM does ([`TestApp::stop`]).
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    /// The running app; ends when it has stopped.
    running: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

pub const ADMIN: &str = "anna@alvdal.example";
pub const AUTHOR: &str = "karin@alvdal.example";
pub const OTHER_AUTHOR: &str = "johan@alvdal.example";
pub const PASSWORD: &str = lykta::demo::DEMO_PASSWORD;

/// A client with its own cookies: somebody else's browser.
pub fn stranger() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client")
}

/// A public page as an anonymous reader gets it (must answer 200).
pub async fn public_text(app: &TestApp, path: &str) -> String {
    let r = stranger()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.expect("body")
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    spawn_in(backend, dir, None).await
}

/// An app that sends its e-mail to `smtp_url`.
pub async fn spawn_with_smtp(backend: Backend, smtp_url: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = smtp_url.to_owned();
    spawn_configured(backend, dir, None, move |s| {
        s.smtp_url = lykta_web::Secret(url);
        s.mail_from = "Region Älvdal <noreply@alvdal.example>".into();
    })
    .await
}

/// An app with settings changed by `configure` (listen address, sign-in providers, …).
pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    spawn_configured(backend, dir, None, configure).await
}

/// Start (or restart) an app on an existing data folder / database URL.
pub async fn spawn_in(
    backend: Backend,
    dir: tempfile::TempDir,
    database_url: Option<String>,
) -> TestApp {
    spawn_configured(backend, dir, database_url, |_| {}).await
}

/// The demo organisation, seeded once per test process and backend: a data
/// folder, and for PostgreSQL a database nobody stays connected to. Each new
/// app starts from a copy, so no test waits for the seeding.
struct Demo {
    dir: tempfile::TempDir,
    database_url: String,
}

/// The demo's SQLite database as one standalone file (no write-ahead log
/// that closing connections may still be folding in).
const DEMO_SNAPSHOT: &str = "demo-snapshot.db";

async fn seeded_demo(backend: Backend) -> &'static Demo {
    static SQLITE: tokio::sync::OnceCell<Demo> = tokio::sync::OnceCell::const_new();
    static POSTGRES: tokio::sync::OnceCell<Demo> = tokio::sync::OnceCell::const_new();
    let cell = match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    };
    cell.get_or_init(|| async move {
        let dir = tempfile::tempdir().expect("tempdir");
        let database_url = lykta_store::testing::fresh_database_url(backend, dir.path())
            .await
            .expect("database");
        let settings = Settings {
            data_dir: dir.path().to_path_buf(),
            listen: "127.0.0.1:0".into(),
            database_url: lykta_web::Secret(database_url.clone()),
            worker: false,
            ..Settings::default()
        };
        let clock = Arc::new(ManualClock::new(
            time::OffsetDateTime::now_utc().unix_timestamp(),
        ));
        let app = Application::build_with_clock(settings, clock)
            .await
            .expect("build app");
        let state = app.state();
        lykta::demo::seed(&state.app).await.expect("demo");
        state
            .store
            .sqlite_snapshot(&dir.path().join(DEMO_SNAPSHOT))
            .await
            .expect("a snapshot of the demo");
        state.store.close().await;
        Demo { dir, database_url }
    })
    .await
}

/// Copy the files under `from` into `to`.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).expect("read the demo folder") {
        let entry = entry.expect("demo folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a demo file");
        }
    }
}

/// A database (and data folder) with the demo in it, for `dir`.
async fn demo_copy(backend: Backend, dir: &std::path::Path) -> String {
    let demo = seeded_demo(backend).await;
    for folder in ["media", "private"] {
        let from = demo.dir.path().join(folder);
        if from.exists() {
            std::fs::create_dir_all(dir.join(folder)).expect("folder");
            copy_tree(&from, &dir.join(folder));
        }
    }
    match backend {
        Backend::Sqlite => {
            std::fs::copy(demo.dir.path().join(DEMO_SNAPSHOT), dir.join("lykta.db"))
                .expect("copy the demo database");
            format!("sqlite://{}", dir.join("lykta.db").display())
        }
        Backend::Postgres => lykta_store::testing::postgres_copy_of(&demo.database_url)
            .await
            .expect("a copy of the demo database"),
    }
}

async fn spawn_configured(
    backend: Backend,
    dir: tempfile::TempDir,
    database_url: Option<String>,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let url = match database_url {
        Some(u) => u,
        None => demo_copy(backend, dir.path()).await,
    };
    let mut settings = Settings {
        data_dir: dir.path().to_path_buf(),
        listen: "127.0.0.1:0".into(),
        database_url: lykta_web::Secret(url),
        worker: false,
        // The platforms' test servers run on loopback.
        allow_private_channel_hosts: true,
        ..Settings::default()
    };
    configure(&mut settings);
    let clock = Arc::new(ManualClock::new(
        time::OffsetDateTime::now_utc().unix_timestamp(),
    ));
    let app = Application::build_with_clock(settings, clock.clone())
        .await
        .expect("build app");
    let address = format!("http://{}", app.local_addr());
    let state = app.state();
    // A database given by the test may still be empty.
    lykta::demo::seed(&state.app).await.expect("demo");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(app.run_until(async move {
        if stopped.await.is_err() {
            // Dropped without being told to stop: run until the test ends.
            std::future::pending::<()>().await;
        }
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        clock,
        state,
        backend,
        dir,
        csrf: std::sync::Mutex::new(None),
        stop: Some(stop),
        running: Some(running),
    }
}

impl TestApp {
    /// Begin a graceful shutdown, as SIGTERM or Ctrl-C would.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Wait until the app has stopped; its outcome.
    pub async fn stopped(&mut self) -> anyhow::Result<()> {
        self.running.take().expect("the app is running").await?
    }

    pub fn database_url(&self) -> String {
        self.state.settings.database_url()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("GET")
    }

    pub async fn text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    /// POST a form, adding the session's CSRF token when signed in.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(t) = self.csrf.lock().expect("lock").clone() {
            form.push(("csrf".into(), t));
        }
        self.client
            .post(format!("{}{path}", self.address))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }

    pub async fn sign_in(&self, email: &str) {
        let r = self
            .post(
                "/sign-in",
                &[("email", email), ("password", PASSWORD), ("next", "/admin")],
            )
            .await;
        assert_eq!(r.status(), 303, "sign-in as {email} failed");
        let (_, html) = self.text("/admin").await;
        let token = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("csrf token on the admin page")
            .to_owned();
        *self.csrf.lock().expect("lock") = Some(token);
    }

    pub fn csrf(&self) -> String {
        self.csrf.lock().expect("lock").clone().unwrap_or_default()
    }

    pub async fn blog_id(&self, slug: &str) -> BlogId {
        self.state
            .store
            .blog_id_by_slug(slug)
            .await
            .expect("db")
            .expect("blog")
    }

    /// Create a post through the admin form; returns its id.
    pub async fn create_post(&self, blog: &str, title: &str, body: &str) -> PostId {
        let id = self.blog_id(blog).await;
        let r = self
            .post(
                &format!("/admin/blogs/{id}/posts"),
                &[("title", title), ("body", body), ("tags", "Test")],
            )
            .await;
        assert_eq!(
            r.status(),
            303,
            "create post: {}",
            r.text().await.unwrap_or_default()
        );
        let loc = r.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        loc.trim_start_matches("/admin/posts/")
            .split('?')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("post id")
    }

    /// The version a fresh edit form of the post would carry.
    pub async fn current_version(&self, post: PostId) -> String {
        self.state
            .store
            .post(post)
            .await
            .expect("post")
            .post
            .version
            .to_string()
    }

    /// Save the post's edit form as a person who just opened it.
    pub async fn edit_post(&self, post: PostId, fields: &[(&str, &str)]) -> reqwest::Response {
        let version = self.current_version(post).await;
        let mut all = fields.to_vec();
        all.push(("version", &version));
        // The form shows the comment box ticked unless the test says otherwise.
        if !fields.iter().any(|(k, _)| *k == "comments_enabled") {
            all.push(("comments_enabled", "1"));
        }
        self.post(&format!("/admin/posts/{post}"), &all).await
    }

    /// Save one of the blog's settings forms (`form` is `edit` or
    /// `comment-settings`) as a person who just opened the page.
    pub async fn blog_settings(
        &self,
        blog: BlogId,
        form: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let version = self.state.store.blog(blog).await.expect("blog").version;
        let version = version.to_string();
        let mut all = fields.to_vec();
        all.push(("version", &version));
        self.post(&format!("/admin/blogs/{blog}/{form}"), &all)
            .await
    }

    /// Publish, schedule (`publish_at` in local time), unpublish or take
    /// back to draft (`action`), with the editor's buttons as a person who
    /// just opened it: the form as stored goes along.
    pub async fn set_state(
        &self,
        post: PostId,
        action: &str,
        publish_at: &str,
    ) -> reqwest::Response {
        self.press(post, action, &[("publish_at", publish_at)], &[])
            .await
    }

    /// Press a button of the post editor (`intent`: save, submit, publish,
    /// …) on the form as a person who just opened it shows it, with
    /// `changes` typed in and the fields in `cleared` left empty (a
    /// checkbox unticked).
    pub async fn press(
        &self,
        post: PostId,
        intent: &str,
        changes: &[(&str, &str)],
        cleared: &[&str],
    ) -> reqwest::Response {
        let p = self.state.store.post(post).await.expect("post");
        let tags = p
            .tags
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let version = p.post.version.to_string();
        let cover = p
            .post
            .cover_media_id
            .map(|m| m.to_string())
            .unwrap_or_default();
        let authors: Vec<String> = p.author_ids().iter().map(|a| a.to_string()).collect();
        let mut form: Vec<(&str, &str)> = vec![
            ("intent", intent),
            ("version", &version),
            ("title", &p.post.title),
            ("slug", &p.post.slug),
            ("excerpt", &p.post.excerpt),
            ("body", &p.post.body),
            ("tags", &tags),
            ("cover_media_id", &cover),
            ("cover_alt", &p.post.cover_alt),
        ];
        if p.post.comments_enabled {
            form.push(("comments_enabled", "1"));
        }
        for a in &authors {
            form.push(("authors", a));
        }
        form.retain(|(k, _)| !cleared.contains(k) && !changes.iter().any(|(c, _)| c == k));
        form.extend_from_slice(changes);
        self.post(&format!("/admin/posts/{post}"), &form).await
    }
}

/// Run one statement on the app's database behind Lykta's back, on
/// whichever backend it uses (`$query` is built once per backend).
macro_rules! behind_the_back {
    ($app:expr, $query:expr) => {{
        let url = $app.database_url();
        if url.starts_with("sqlite") {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            let done = $query.execute(&pool).await.unwrap();
            assert_eq!(done.rows_affected(), 1, "one row changed");
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let done = $query.execute(&pool).await.unwrap();
            assert_eq!(done.rows_affected(), 1, "one row changed");
            pool.close().await;
        }
    }};
}
pub(crate) use behind_the_back;

/// A stale save's answer: 409, the person's text (`mine`) kept in the form,
/// the colleague's (`theirs`) shown beside it in the conflict panel, and the
/// form built on their `version`, so saving it again keeps the person's text.
pub async fn assert_conflict(
    r: reqwest::Response,
    mine: &str,
    theirs: &str,
    version: i64,
) -> String {
    assert_eq!(r.status(), 409, "a stale save");
    let html = r.text().await.unwrap();
    let (_, panel) = html
        .split_once("class=\"conflict\"")
        .expect("the colleague's version is shown");
    let panel = panel.split("</section>").next().unwrap_or_default();
    assert!(
        html.replace(panel, "").contains(mine),
        "the person's text stays in the form"
    );
    assert!(panel.contains(theirs), "the colleague's text: {panel}");
    let field = format!("name=\"version\" value=\"{version}\"");
    assert!(
        html.contains(&field),
        "the form builds on version {version}"
    );
    html
}

/// A test tool's place from the environment variable `var` (set by
/// `scripts/test`): `None` when it is not set (the test skips), a panic
/// when `LYKTA_TEST_REQUIRE_TOOLS=1`.
pub fn test_tool(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Some(p),
        _ if std::env::var("LYKTA_TEST_REQUIRE_TOOLS").as_deref() == Ok("1") => {
            panic!("{var} is not set: run the tests through scripts/test")
        }
        _ => None,
    }
}
