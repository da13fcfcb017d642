//! Syndication to Bluesky against the reference PDS (npm `@atproto/pds`
//! 0.5.35) and a did:plc directory (npm `@did-plc/server`), run under
//! Node 22 from `tests/atproto` on loopback, one pair per test with its own
//! data folder: a channel is connected with an app password (never the
//! account's own), a published post appears on the PDS exactly once with
//! its link facet, card and image, a rate limit is waited out, a revoked
//! app password asks for reconnection, and replies come home.
//!
//! A bare PDS has no AppView, so `app.bsky.feed.getPostThread` has nobody
//! to answer it. The tests give the PDS one ([`AppView`]): a small server
//! that answers `getPostThread` in the shape of the `app.bsky.feed.defs`
//! lexicon from the posts really stored on the PDS, which the PDS proxies
//! to as it proxies to Bluesky's AppView.

use crate::helpers::*;
use crate::syndication::{delivery_state, post_for, publish, reply_came_home, sqlx_requeue};
use lykta_channels::bluesky::Bluesky;
use lykta_channels::{Adapter, ChannelError, Image, Link, Publication, Secret};
use lykta_domain::ChannelId;
use serde_json::{json, Value};
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const HANDLE: &str = "alvdal.test";
pub(crate) const MAIN_PASSWORD: &str = "huvudlosenord-2026";
/// A one-pixel PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 252, 207, 192, 80, 15, 0, 4,
    133, 1, 128, 132, 169, 140, 33, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process stopped by its id when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running PLC and PDS on 127.0.0.1.
pub struct BlueskyPeer {
    dir: tempfile::TempDir,
    atproto: PathBuf,
    plc_port: u16,
    pds_port: u16,
    rate_limits: bool,
    appview: Option<String>,
    _plc: Running,
    pds: Option<Running>,
    pub url: String,
    http: reqwest::Client,
}

impl BlueskyPeer {
    /// Start both from `$LYKTA_TEST_ATPROTO_DIR` (installed by
    /// `scripts/install-test-deps`); `None` when it is not set (the test
    /// skips), unless `LYKTA_TEST_REQUIRE_TOOLS=1`. With `rate_limits`
    /// the PDS limits as bsky.social does (30 logins per account in five
    /// minutes); with `appview` it sends `app.bsky.*` there.
    pub async fn start(rate_limits: bool, appview: Option<String>) -> Option<BlueskyPeer> {
        let atproto = PathBuf::from(test_tool("LYKTA_TEST_ATPROTO_DIR")?);
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        let plc_port = free_port();
        let plc = Command::new(node(&atproto))
            .arg(atproto.join("plc.cjs"))
            .arg(plc_port.to_string())
            .current_dir(&atproto)
            .env("TMPDIR", dir.path().join("tmp"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the PLC");
        let pds_port = free_port();
        let mut peer = BlueskyPeer {
            dir,
            atproto,
            plc_port,
            pds_port,
            rate_limits,
            appview,
            _plc: Running(plc),
            pds: None,
            url: format!("http://127.0.0.1:{pds_port}"),
            http: stranger(),
        };
        peer.wait_for(&format!("http://127.0.0.1:{plc_port}/_health"))
            .await;
        peer.start_pds("jwt-secret-1").await;
        Some(peer)
    }

    /// (Re)start the PDS on its data folder, signing tokens with
    /// `jwt_secret` (another secret: every session Lykta holds is void, as
    /// when its tokens expire; the rate limits start afresh).
    async fn start_pds(&mut self, jwt_secret: &str) {
        self.pds = None; // stopped (and waited for) first
        let data = self.dir.path().join("data");
        std::fs::create_dir_all(data.join("blobs")).unwrap();
        let mut cmd = Command::new(node(&self.atproto));
        cmd.arg(self.atproto.join("pds.mjs"))
            .current_dir(&self.atproto)
            .env("TMPDIR", self.dir.path().join("tmp"))
            .env("PDS_PORT", self.pds_port.to_string())
            .env("PDS_HOSTNAME", "localhost")
            .env("PDS_DEV_MODE", "true")
            .env("PDS_DATA_DIRECTORY", &data)
            .env("PDS_BLOBSTORE_DISK_LOCATION", data.join("blobs"))
            // `localhost`, not 127.0.0.1: the PDS refuses to resolve DIDs at IP hosts.
            .env(
                "PDS_DID_PLC_URL",
                format!("http://localhost:{}", self.plc_port),
            )
            .env("PDS_INVITE_REQUIRED", "false")
            .env("PDS_JWT_SECRET", jwt_secret)
            .env("PDS_ADMIN_PASSWORD", "test-admin-pass")
            .env("PDS_DPOP_SECRET", format!("{:064x}", 7))
            .env(
                "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX",
                format!("{:064x}", 12345),
            )
            .env("PDS_RATE_LIMITS_ENABLED", self.rate_limits.to_string())
            .env("LOG_ENABLED", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(appview) = &self.appview {
            cmd.env("PDS_BSKY_APP_VIEW_URL", appview)
                .env("PDS_BSKY_APP_VIEW_DID", "did:web:appview.test");
        }
        self.pds = Some(Running(cmd.spawn().expect("start the PDS")));
        self.wait_for(&format!("{}/xrpc/_health", self.url)).await;
    }

    async fn wait_for(&self, health: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(90) {
            if let Ok(r) = self.http.get(health).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{health} did not answer");
    }

    async fn xrpc(&self, method: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut r = self
            .http
            .post(format!("{}/xrpc/{method}", self.url))
            .json(&body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
    }

    async fn query(&self, method: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}/xrpc/{method}", self.url))
            .query(params)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
    }

    /// A new account (handles end in `.test`); its DID and access token.
    pub async fn account(&self, handle: &str, password: &str) -> (String, String) {
        let (status, a) = self
            .xrpc(
                "com.atproto.server.createAccount",
                None,
                json!({"handle": handle, "email": format!("{handle}@alvdal.example"), "password": password}),
            )
            .await;
        assert_eq!(status, 200, "createAccount: {a}");
        (
            a["did"].as_str().unwrap().to_owned(),
            a["accessJwt"].as_str().unwrap().to_owned(),
        )
    }

    /// A session with the account's own password: its access token.
    async fn main_session(&self) -> String {
        let (status, s) = self
            .xrpc(
                "com.atproto.server.createSession",
                None,
                json!({"identifier": HANDLE, "password": MAIN_PASSWORD}),
            )
            .await;
        assert_eq!(status, 200, "{s}");
        s["accessJwt"].as_str().unwrap().to_owned()
    }

    /// A new app password named `name`, as Bluesky's settings make one.
    pub async fn app_password(&self, name: &str) -> String {
        let token = self.main_session().await;
        let (status, p) = self
            .xrpc(
                "com.atproto.server.createAppPassword",
                Some(&token),
                json!({"name": name}),
            )
            .await;
        assert_eq!(status, 200, "{p}");
        p["password"].as_str().unwrap().to_owned()
    }

    pub async fn revoke_app_password(&self, name: &str) {
        let token = self.main_session().await;
        let (status, p) = self
            .xrpc(
                "com.atproto.server.revokeAppPassword",
                Some(&token),
                json!({"name": name}),
            )
            .await;
        assert_eq!(status, 200, "{p}");
    }

    /// The account's posts (`listRecords`).
    pub async fn posts(&self, did: &str) -> Vec<Value> {
        let (status, r) = self
            .query(
                "com.atproto.repo.listRecords",
                &[("repo", did), ("collection", "app.bsky.feed.post")],
            )
            .await;
        assert_eq!(status, 200, "{r}");
        r["records"].as_array().cloned().unwrap_or_default()
    }

    /// One post (`getRecord`) by its `at://` address; `None` when gone.
    pub async fn post(&self, uri: &str) -> Option<Value> {
        let parts: Vec<&str> = uri.trim_start_matches("at://").split('/').collect();
        let (status, r) = self
            .query(
                "com.atproto.repo.getRecord",
                &[
                    ("repo", parts[0]),
                    ("collection", parts[1]),
                    ("rkey", parts[2]),
                ],
            )
            .await;
        match status {
            200 => Some(r),
            400 if r["error"] == "RecordNotFound" => None,
            _ => panic!("getRecord {status}: {r}"),
        }
    }

    /// A blob's bytes (`com.atproto.sync.getBlob`).
    pub async fn blob(&self, did: &str, cid: &str) -> Vec<u8> {
        let r = self
            .http
            .get(format!("{}/xrpc/com.atproto.sync.getBlob", self.url))
            .query(&[("did", did), ("cid", cid)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.bytes().await.unwrap().to_vec()
    }

    /// Log in as `handle` with a wrong password `times` times (each counts
    /// against the account's login limit).
    async fn exhaust_logins(&self, times: usize) {
        for _ in 0..times {
            let (status, _) = self
                .xrpc(
                    "com.atproto.server.createSession",
                    None,
                    json!({"identifier": HANDLE, "password": "wrong"}),
                )
                .await;
            if status == 429 {
                return;
            }
        }
    }
}

fn node(atproto: &std::path::Path) -> PathBuf {
    atproto.join("node22/node_modules/node/bin/node")
}

/// The demo's Bluesky channel, its stand-in connection forgotten (these
/// tests connect it to the local PDS).
pub(crate) async fn bluesky_channel(app: &TestApp) -> ChannelId {
    let id = app
        .state
        .store
        .channels(&[])
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.platform == lykta_domain::Platform::Bluesky)
        .expect("the demo's Bluesky channel")
        .id;
    app.state
        .store
        .disconnect(id, app.state.now())
        .await
        .unwrap();
    id
}

/// Connect the channel on its admin page with `password`.
async fn connect(
    app: &TestApp,
    peer: &BlueskyPeer,
    channel: ChannelId,
    password: &str,
) -> reqwest::Response {
    connect_at(app, &peer.url, channel, password).await
}

/// Connect the channel to the PDS at `server` (see [`connect`]).
pub(crate) async fn connect_at(
    app: &TestApp,
    server: &str,
    channel: ChannelId,
    password: &str,
) -> reqwest::Response {
    app.post(
        &format!("/admin/channels/{channel}/connection"),
        &[
            ("action", "connect-bluesky"),
            ("server", server),
            ("identifier", HANDLE),
            ("app_password", password),
        ],
    )
    .await
}

#[tokio::test]
async fn a_post_goes_to_bluesky_once_with_its_link_card_and_image() {
    for backend in backends() {
        let Some(peer) = BlueskyPeer::start(false, None).await else {
            return;
        };
        let (did, _) = peer.account(HANDLE, MAIN_PASSWORD).await;
        let app_password = peer.app_password("lykta").await;
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = bluesky_channel(&app).await;
        let (_, page) = app.text(&format!("/admin/channels/{channel}")).await;
        assert!(
            page.contains("applösenord"),
            "the form asks for an app password"
        );
        assert!(page.contains("https://bsky.app/settings/app-passwords"));
        assert!(
            page.contains("value=\"regionalvdal.bsky.social\""),
            "the handle from the channel's address"
        );

        // A wrong app password: the form again, the handle kept, no password.
        let r = connect(&app, &peer, channel, "qrst-uvwx-qrst-uvwx").await;
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("Bluesky godkände inte"), "a precise message");
        assert!(
            body.contains(&format!("value=\"{HANDLE}\"")),
            "the handle kept"
        );
        assert!(!body.contains("qrst-uvwx-qrst-uvwx"), "never the password");
        // The account's own password is refused, though it works.
        let r = connect(&app, &peer, channel, MAIN_PASSWORD).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("kontots eget lösenord"));
        assert!(app.state.store.connection(channel).await.unwrap().is_none());

        let r = connect(&app, &peer, channel, &app_password).await;
        assert_eq!(r.status(), 303);
        let (_, page) = app.text(&format!("/admin/channels/{channel}")).await;
        assert!(
            page.contains("Ansluten") && page.contains("@alvdal.test"),
            "connected"
        );
        assert!(!page.contains(&app_password), "never shown again");
        let conn = app.state.store.connection(channel).await.unwrap().unwrap();
        assert!(
            conn.client_secret.starts_with("v1.") && !conn.client_secret.contains(&app_password)
        );
        assert!(conn.access_token.starts_with("v1.") && !conn.access_token.contains("eyJ"));

        let post = post_for(&app, "Röntgen i Älvdal – så går det till", &[channel]).await;
        let (_, form) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(form.contains("av 300 tecken"), "Bluesky's limit shown");
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, lykta_store::DeliveryState::Sent, "{}", d.problem);

        let posts = peer.posts(&did).await;
        assert_eq!(posts.len(), 1, "exactly one post");
        let uri = d.remote_id.clone().unwrap();
        assert_eq!(posts[0]["uri"], uri.as_str());
        let record = peer.post(&uri).await.unwrap()["value"].clone();
        let text = record["text"].as_str().unwrap();
        assert!(
            text.starts_with("Röntgen i Älvdal – så går det till"),
            "{text}"
        );
        assert_eq!(record["langs"], json!(["sv"]));
        // The link facet covers the link's UTF-8 bytes exactly.
        let facet = &record["facets"][0];
        let (start, end) = (
            facet["index"]["byteStart"].as_u64().unwrap() as usize,
            facet["index"]["byteEnd"].as_u64().unwrap() as usize,
        );
        let link = &text.as_bytes()[start..end];
        assert_eq!(
            facet["features"][0]["uri"].as_str().unwrap().as_bytes(),
            link
        );
        let link = std::str::from_utf8(link).unwrap();
        assert!(
            link.contains("/rontgenbloggen/") && link.contains("utm_source=bluesky"),
            "{link}"
        );
        // The card: the link, title, excerpt and the cover as its thumbnail.
        assert_eq!(record["embed"]["$type"], "app.bsky.embed.external");
        let card = &record["embed"]["external"];
        assert_eq!(card["uri"], link);
        assert_eq!(card["title"], "Röntgen i Älvdal – så går det till");
        assert_eq!(card["description"], "Så går en undersökning till.");
        let thumb = &card["thumb"];
        assert!(thumb["mimeType"].as_str().unwrap().starts_with("image/"));
        let bytes = peer
            .blob(&did, thumb["ref"]["$link"].as_str().unwrap())
            .await;
        assert_eq!(bytes.len() as u64, thumb["size"].as_u64().unwrap());
        assert!(bytes.len() <= lykta_channels::bluesky::MAX_IMAGE_BYTES);
        let rkey = uri.rsplit('/').next().unwrap();
        assert_eq!(
            d.remote_url.as_deref(),
            Some(format!("https://bsky.app/profile/{did}/post/{rkey}").as_str())
        );

        // The job again, as if the worker died before recording it sent:
        // the record key is the same, the post is found, not made twice.
        sqlx_requeue(&app, d.id).await;
        app.state.worker.run_due().await.unwrap();
        assert_eq!(peer.posts(&did).await.len(), 1, "exactly once");
        assert_eq!(
            delivery_state(&app, post).await.state,
            lykta_store::DeliveryState::Sent
        );
    }
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_and_a_revoked_app_password_asks_for_reconnection() {
    for backend in backends() {
        let Some(mut peer) = BlueskyPeer::start(true, None).await else {
            return;
        };
        let (did, _) = peer.account(HANDLE, MAIN_PASSWORD).await;
        let app_password = peer.app_password("lykta").await;
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = bluesky_channel(&app).await;
        assert_eq!(
            connect(&app, &peer, channel, &app_password).await.status(),
            303
        );
        let sealed_session = app
            .state
            .store
            .connection(channel)
            .await
            .unwrap()
            .unwrap()
            .access_token;

        // Lykta's tokens run out, and the account has logged in too often.
        peer.start_pds("jwt-secret-2").await;
        peer.exhaust_logins(40).await;
        let post = post_for(&app, "Väntetider", &[channel]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, lykta_store::DeliveryState::Queued);
        assert!(d.problem.contains("429"), "{}", d.problem);
        // The PDS said when (Retry-After, RateLimit-Reset): not before.
        app.clock.advance(120);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(delivery_state(&app, post).await.attempts, 1, "not yet");
        peer.start_pds("jwt-secret-2").await; // its five minutes are over
        app.clock.advance(200);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, lykta_store::DeliveryState::Sent, "{}", d.problem);
        assert_eq!(peer.posts(&did).await.len(), 1);
        let conn = app.state.store.connection(channel).await.unwrap().unwrap();
        assert_ne!(conn.access_token, sealed_session, "the new session is kept");

        // The app password is revoked in Bluesky; once the session runs
        // out, the delivery asks for the channel to be connected again.
        peer.revoke_app_password("lykta").await;
        peer.start_pds("jwt-secret-3").await;
        let second = post_for(&app, "Nya öppettider", &[channel]).await;
        publish(&app, second).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, second).await;
        assert_eq!(
            d.state,
            lykta_store::DeliveryState::Reauthenticate,
            "{}",
            d.problem
        );
        let (_, channel_page) = app.text(&format!("/admin/channels/{channel}")).await;
        assert!(channel_page.contains("Behöver anslutas igen"));
        // A new app password, and the delivery retried: it goes.
        let again = peer.app_password("lykta-2").await;
        assert_eq!(connect(&app, &peer, channel, &again).await.status(), 303);
        let r = app
            .post(&format!("/admin/deliveries/{}/retry", d.id), &[])
            .await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            delivery_state(&app, second).await.state,
            lykta_store::DeliveryState::Sent
        );
        assert_eq!(peer.posts(&did).await.len(), 2);
    }
}

/// The adapter itself against the PDS: edits, deletes, refusals, the same
/// key twice.
#[tokio::test]
async fn the_bluesky_adapter_edits_deletes_and_reports_refusals() {
    let Some(peer) = BlueskyPeer::start(false, None).await else {
        return;
    };
    let (did, _) = peer.account(HANDLE, MAIN_PASSWORD).await;
    let password = peer.app_password("lykta").await;
    let bluesky = |password: &str| {
        Bluesky::new(
            lykta_channels::http_client(),
            &peer.url,
            HANDLE,
            Secret(password.to_owned()),
            None,
        )
    };
    let account = bluesky(&password);
    assert_eq!(account.verify().await.unwrap().handle, "@alvdal.test");
    let image = Some(Image {
        bytes: PNG.to_vec(),
        mime: "image/png".into(),
        file_name: "cover.png".into(),
        alt: "En lykta".into(),
        url: "https://alvdal.example/media/cover.png".into(),
    });
    let publication = |text: &str, card: bool| Publication {
        text: text.to_owned(),
        image: image.clone(),
        language: "sv".into(),
        link: match card {
            true => Link {
                url: "https://alvdal.example/a".into(),
                title: "Rubrik".into(),
                description: "Ingress".into(),
            },
            false => Link::default(),
        },
    };
    let first = account
        .publish(
            &publication("Första versionen https://alvdal.example/a", true),
            "key-1",
        )
        .await
        .unwrap();
    let again = account
        .publish(&publication("Något annat", true), "key-1")
        .await
        .unwrap();
    assert_eq!(first, again, "the same key: the same post");
    assert_eq!(peer.posts(&did).await.len(), 1);
    let created = peer.post(&first.remote_id).await.unwrap()["value"]["createdAt"].clone();

    // An edit replaces the text and keeps when it was posted.
    account
        .update(&first.remote_id, &publication("Andra versionen", true))
        .await
        .unwrap();
    let edited = peer.post(&first.remote_id).await.unwrap()["value"].clone();
    assert_eq!(edited["text"], "Andra versionen");
    assert_eq!(edited["createdAt"], created);

    // Without a card, an image goes as an image with its alt text.
    {
        let p = account
            .publish(&publication("Bara en bild", false), "key-2")
            .await
            .unwrap();
        let r = peer.post(&p.remote_id).await.unwrap()["value"].clone();
        assert_eq!(r["embed"]["$type"], "app.bsky.embed.images");
        assert_eq!(r["embed"]["images"][0]["alt"], "En lykta");
    }

    // Deleted; a second delete is done too.
    account.delete(&first.remote_id).await.unwrap();
    assert!(peer.post(&first.remote_id).await.is_none());
    account.delete(&first.remote_id).await.unwrap();

    // Too long: refused with the PDS's words, not retried.
    let long = "å".repeat(301);
    match account
        .publish(
            &Publication {
                image: None,
                ..publication(&long, false)
            },
            "key-3",
        )
        .await
    {
        Err(ChannelError::Rejected { message }) => {
            assert!(message.contains("grapheme"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // A wrong app password: connect again.
    assert!(matches!(
        bluesky("wxyz-wxyz-wxyz-wxyz").verify().await,
        Err(ChannelError::ReAuthenticate(_))
    ));
}

/// A stand-in for Bluesky's AppView, which the PDS sends `app.bsky.*` to:
/// it answers `app.bsky.feed.getPostThread` in the `app.bsky.feed.defs`
/// lexicon's shape (`#threadViewPost`: `post` as a `#postView` with
/// `uri`, `cid`, `author {did, handle}`, `record`, `indexedAt`; `replies`
/// nested) from the posts stored on the PDS (`listRepos`,
/// `describeRepo`, `listRecords`), the way the real AppView answers from
/// the posts it has indexed off the network.
struct AppView {
    url: String,
    pds: std::sync::Arc<std::sync::OnceLock<String>>,
}

impl AppView {
    async fn start() -> AppView {
        use axum::extract::{Query, State};
        use axum::routing::get;
        let pds = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route(
                "/xrpc/app.bsky.feed.getPostThread",
                get(
                    |State(pds): State<std::sync::Arc<std::sync::OnceLock<String>>>,
                     Query(q): Query<std::collections::HashMap<String, String>>| async move {
                        let pds = pds.get().cloned().unwrap_or_default();
                        axum::Json(thread(&pds, &q["uri"]).await)
                    },
                ),
            )
            .with_state(pds.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        AppView { url, pds }
    }
}

/// The thread under `uri`, built from every post on the PDS.
async fn thread(pds: &str, uri: &str) -> Value {
    let http = stranger();
    let get = |method: &str, params: Vec<(&'static str, String)>| {
        let r = http
            .get(format!("{pds}/xrpc/{method}"))
            .query(&params)
            .send();
        async move { r.await.unwrap().json::<Value>().await.unwrap() }
    };
    let mut views = Vec::new();
    let repos = get("com.atproto.sync.listRepos", vec![]).await;
    for repo in repos["repos"].as_array().unwrap() {
        let did = repo["did"].as_str().unwrap().to_owned();
        let about = get("com.atproto.repo.describeRepo", vec![("repo", did.clone())]).await;
        let posts = get(
            "com.atproto.repo.listRecords",
            vec![
                ("repo", did.clone()),
                ("collection", "app.bsky.feed.post".into()),
            ],
        )
        .await;
        for r in posts["records"].as_array().unwrap() {
            views.push(json!({
                "uri": r["uri"], "cid": r["cid"], "record": r["value"],
                "author": {"did": did, "handle": about["handle"]},
                "indexedAt": r["value"]["createdAt"],
            }));
        }
    }
    fn node(post: &Value, views: &[Value]) -> Value {
        let replies: Vec<Value> = views
            .iter()
            .filter(|v| v["record"]["reply"]["parent"]["uri"] == post["uri"])
            .map(|v| node(v, views))
            .collect();
        json!({"$type": "app.bsky.feed.defs#threadViewPost", "post": post, "replies": replies})
    }
    match views.iter().find(|v| v["uri"] == uri) {
        Some(post) => json!({"thread": node(post, &views)}),
        None => {
            json!({"thread": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri, "notFound": true}})
        }
    }
}

#[tokio::test]
async fn replies_on_bluesky_come_home_into_moderation_and_the_record() {
    for backend in backends() {
        let appview = AppView::start().await;
        let Some(peer) = BlueskyPeer::start(false, Some(appview.url.clone())).await else {
            return;
        };
        appview.pds.set(peer.url.clone()).unwrap();
        peer.account(HANDLE, MAIN_PASSWORD).await;
        let (_, reader) = peer.account("lasare.test", "lasarens-losenord").await;
        let app_password = peer.app_password("lykta").await;
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = bluesky_channel(&app).await;
        assert_eq!(
            connect(&app, &peer, channel, &app_password).await.status(),
            303
        );
        let post = post_for(&app, "Frågor om röntgen", &[channel]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        let uri = d.remote_id.expect("sent");

        // A reader answers on Bluesky, with HTML in the text.
        let ours = peer.post(&uri).await.unwrap();
        let at = json!({"uri": uri, "cid": ours["cid"]});
        let (status, r) = peer
            .xrpc(
                "com.atproto.repo.createRecord",
                Some(&reader),
                json!({"repo": "lasare.test", "collection": "app.bsky.feed.post", "record": {
                    "$type": "app.bsky.feed.post", "text": "Bra skrivet! <script>alert(1)</script>",
                    "createdAt": "2026-12-07T12:00:00.000Z", "reply": {"root": at, "parent": at}}}),
            )
            .await;
        assert_eq!(status, 200, "{r}");

        let (queue, c) = reply_came_home(&app, post, "bluesky", "@lasare.test").await;
        assert!(queue.contains("Bra skrivet!"));

        // The team answers there, as the account: a reply to the reader's
        // post, in the thread of the copy (root and parent refs).
        app.sign_in("nora@alvdal.example").await;
        let answered = app
            .post(
                &format!("/admin/comments/{}/answer-there", c.id),
                &[("platform_answer", "Tack, vad roligt att höra!")],
            )
            .await;
        assert_eq!(answered.status(), 303, "{backend:?}");
        app.state.worker.run_due().await.unwrap();
        app.state.worker.run_due().await.unwrap();
        let tree = thread(&peer.url, &uri).await;
        let under = &tree["thread"]["replies"][0];
        assert_eq!(under["post"]["uri"], r["uri"], "the reader's reply");
        let ours = &under["replies"][0]["post"];
        assert_eq!(ours["author"]["handle"], HANDLE, "as the organisation");
        assert_eq!(ours["record"]["text"], "Tack, vad roligt att höra!");
        assert_eq!(ours["record"]["reply"]["root"]["uri"], uri.as_str());
        assert_eq!(ours["record"]["reply"]["parent"]["uri"], r["uri"]);
        assert_eq!(
            under["replies"].as_array().unwrap().len(),
            1,
            "answered once"
        );
        let (_, queue) = app.text("/admin/comments?source=bluesky").await;
        assert!(
            queue.contains("Organisationen svarade på Bluesky:"),
            "{queue}"
        );
    }
}

#[tokio::test]
async fn platform_addresses_inside_the_network_are_refused() {
    for backend in backends() {
        let app = spawn_with(backend, |s| s.allow_private_channel_hosts = false).await;
        app.sign_in(ADMIN).await;
        let channel = bluesky_channel(&app).await;
        for server in [
            "http://127.0.0.1:2583",
            "http://localhost:2583",
            "http://169.254.169.254",
        ] {
            let r = app
                .post(
                    &format!("/admin/channels/{channel}/connection"),
                    &[
                        ("action", "connect-bluesky"),
                        ("server", server),
                        ("identifier", HANDLE),
                        ("app_password", "qrst-uvwx-qrst-uvwx"),
                    ],
                )
                .await;
            assert_eq!(r.status(), 422, "{server}");
            let body = r.text().await.unwrap();
            assert!(body.contains("internt eller lokalt nätverk"), "{server}");
            // Kept in the form (HTML-escaped: `/` is `&#x2f;`).
            assert!(body.contains(server.trim_start_matches("http://")), "kept");
        }
        // Mastodon's server address too.
        let mastodon = app
            .state
            .store
            .channels(&[])
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.platform == lykta_domain::Platform::Mastodon)
            .unwrap()
            .id;
        let r = app
            .post(
                &format!("/admin/channels/{mastodon}/connection"),
                &[("action", "connect"), ("server", "http://10.0.0.7")],
            )
            .await;
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("internt eller lokalt nätverk"));
        assert!(body.contains("10.0.0.7"), "kept");
        assert!(app.state.store.connection(channel).await.unwrap().is_none());
        let kept = app.state.store.connection(mastodon).await.unwrap();
        assert!(
            kept.is_none_or(|c| !c.server_url.contains("10.0.0.7")),
            "the refused address is not saved"
        );
    }
}
