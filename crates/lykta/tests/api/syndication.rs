//! Syndication to Mastodon against the real PyPI `mastodon-mock` 0.6.1 on
//! loopback (one per test, its own TMPDIR, data folder and config): the
//! channel is connected through the OAuth round trip from its admin page,
//! a published post appears once with its link, image and alt text, faults
//! are retried or end as "needs re-authentication", pausing holds the
//! channel's deliveries, replies come home into moderation and the record,
//! and internal posts never leave.

use crate::helpers::*;
use lykta_domain::{ChannelId, Clock, PostId};
use std::net::{Ipv4Addr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The seeded accounts' tokens (see the config below).
const BLOG_TOKEN: &str = "blog_test_token";
pub(crate) const READER_TOKEN: &str = "reader_test_token";

/// A running mastodon-mock on 127.0.0.1, killed on drop.
pub struct MastodonPeer {
    child: Child,
    pub url: String,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Drop for MastodonPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl MastodonPeer {
    /// Start it with `$LYKTA_TEST_PYTHON -m mastodon_mock` (installed in
    /// `.venv-test` from `tests/requirements.txt`); `None` when that is not
    /// set (the test skips), unless `LYKTA_TEST_REQUIRE_TOOLS=1`.
    pub async fn start() -> Option<MastodonPeer> {
        let python = test_tool("LYKTA_TEST_PYTHON")?;
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        std::fs::create_dir_all(dir.path().join("data/media")).unwrap();
        let config = format!(
            r#"domain = "127.0.0.1:{port}"
url_scheme = "http"
media_storage_path = "{data}/media"
[database]
path = "{data}/mastodon_mock.sqlite"
[[seed.accounts]]
username = "blog"
display_name = "Region Älvdal"
access_token = "{BLOG_TOKEN}"
bot = true
[[seed.accounts]]
username = "reader"
display_name = "A Reader"
access_token = "{READER_TOKEN}"
"#,
            data = dir.path().join("data").display()
        );
        std::fs::write(dir.path().join("mock.toml"), config).unwrap();
        let child = Command::new(python)
            .args(["-m", "mastodon_mock", "serve", "--config"])
            .arg(dir.path().join("mock.toml"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--log-level", "warning"])
            .env("TMPDIR", dir.path().join("tmp"))
            .env("HOME", dir.path())
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mastodon_mock");
        let peer = MastodonPeer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            http: stranger(),
            _dir: dir,
        };
        // It has no health route: ask for the instance until it answers.
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if let Ok(r) = peer
                .http
                .get(format!("{}/api/v1/instance", peer.url))
                .send()
                .await
            {
                if r.status().is_success() {
                    return Some(peer);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("mastodon_mock did not start on {}", peer.url);
    }

    /// The blog account's statuses, newest first.
    pub async fn statuses(&self) -> Vec<serde_json::Value> {
        let me: serde_json::Value = self
            .http
            .get(format!("{}/api/v1/accounts/verify_credentials", self.url))
            .bearer_auth(BLOG_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = me["id"].as_str().unwrap();
        self.http
            .get(format!("{}/api/v1/accounts/{id}/statuses", self.url))
            .bearer_auth(BLOG_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The next request matching `method path` fails with `effect`
    /// (`{"type":"ratelimit"}`, `{"type":"status","status":503}`, …).
    pub async fn fault(&self, method: &str, path: &str, effect: serde_json::Value) {
        let r = self
            .http
            .post(format!("{}/api/v1/_mock/faults", self.url))
            .json(&serde_json::json!({
                "match": {"methods": [method], "path": path}, "effect": effect, "count": 1
            }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "fault: {}", r.status());
    }

    /// The reader answers status `id`.
    pub async fn reply(&self, id: &str, text: &str) {
        let r = self
            .http
            .post(format!("{}/api/v1/statuses", self.url))
            .bearer_auth(READER_TOKEN)
            .form(&[
                ("status", text),
                ("in_reply_to_id", id),
                ("visibility", "public"),
            ])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "reply: {}", r.status());
    }
}

/// The demo's Mastodon channel, connected to `peer` through its admin page:
/// Lykta registers itself, the person approves it on the server (as the
/// `blog` account), and the server sends them back to Lykta.
pub(crate) async fn connect(app: &TestApp, peer: &MastodonPeer) -> ChannelId {
    let channel = app
        .state
        .store
        .channels(&[])
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.platform == lykta_domain::Platform::Mastodon)
        .expect("the demo's Mastodon channel")
        .id;
    connect_channel(app, peer, channel).await
}

/// Connect `channel` to the `blog` account on `peer` (see [`connect`]).
pub(crate) async fn connect_channel(
    app: &TestApp,
    peer: &MastodonPeer,
    channel: ChannelId,
) -> ChannelId {
    let r = app
        .post(
            &format!("/admin/channels/{channel}/connection"),
            &[("action", "connect"), ("server", &peer.url)],
        )
        .await;
    assert_eq!(r.status(), 303);
    let authorize = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    assert!(authorize
        .as_str()
        .starts_with(&format!("{}/oauth/authorize", peer.url)));
    let q: std::collections::HashMap<_, _> = authorize.query_pairs().into_owned().collect();
    let back = peer
        .http
        .post(format!("{}/oauth/authorize", peer.url))
        .form(&[
            ("username", "blog"),
            ("redirect_uri", q["redirect_uri"].as_str()),
            ("state", q["state"].as_str()),
            ("client_id", q["client_id"].as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 302);
    let callback = url::Url::parse(back.headers()["location"].to_str().unwrap()).unwrap();
    let path = format!("{}?{}", callback.path(), callback.query().unwrap());
    let r = app.get(&path).await;
    assert_eq!(r.status(), 303, "the callback");
    let (_, page) = app.text(&format!("/admin/channels/{channel}")).await;
    assert!(page.contains("Ansluten"), "connected");
    assert!(page.contains("@blog@127.0.0.1"), "the account");
    // The token is sealed at rest: not in the database in the clear.
    let conn = app.state.store.connection(channel).await.unwrap().unwrap();
    assert!(conn.access_token.starts_with("v1.") && !conn.access_token.contains("mockcode"));
    channel
}

/// A new post in the X-ray blog with the demo's first image as its cover,
/// going to `channels`.
pub(crate) async fn post_for(app: &TestApp, title: &str, channels: &[ChannelId]) -> PostId {
    let post = app
        .create_post("rontgenbloggen", title, "Brödtext om röntgen.")
        .await;
    let fields: Vec<(&str, String)> = channels
        .iter()
        .map(|c| ("channels", c.to_string()))
        .collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post(&format!("/admin/posts/{post}/channels"), &fields)
        .await;
    assert_eq!(r.status(), 303);
    post
}

pub(crate) async fn publish(app: &TestApp, post: PostId) {
    let media = app.state.store.all_media().await.unwrap()[0].id.to_string();
    let r = app
        .press(
            post,
            "publish",
            &[
                ("cover_media_id", &media),
                ("cover_alt", "Röntgenbild av en hand"),
                ("excerpt", "Så går en undersökning till."),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status(), 303, "published");
}

pub(crate) async fn delivery_state(app: &TestApp, post: PostId) -> lykta_store::Delivery {
    let d = app.state.store.deliveries(post).await.unwrap();
    assert_eq!(d.len(), 1, "one delivery per post and channel");
    d[0].clone()
}

#[tokio::test]
async fn a_published_post_goes_to_mastodon_once_and_its_replies_come_home() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect(&app, &peer).await;
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        let (_, form) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(form.contains("av 500 tecken"), "the length per channel");

        // Paused: the delivery waits, nothing goes out.
        let pause = format!("/admin/channels/{channel}/connection");
        assert_eq!(app.post(&pause, &[("action", "pause")]).await.status(), 303);
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            delivery_state(&app, post).await.state,
            lykta_store::DeliveryState::Paused
        );
        assert!(
            peer.statuses().await.is_empty(),
            "nothing sent while paused"
        );
        assert_eq!(
            app.post(&pause, &[("action", "resume")]).await.status(),
            303
        );
        app.state.worker.run_due().await.unwrap();

        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, lykta_store::DeliveryState::Sent, "{}", d.problem);
        let statuses = peer.statuses().await;
        assert_eq!(statuses.len(), 1);
        let s = &statuses[0];
        let content = s["content"].as_str().unwrap();
        assert!(content.contains("Röntgen i Älvdal"), "{content}");
        assert!(content.contains("/rontgenbloggen/"), "the link: {content}");
        assert!(content.contains("utm_source=mastodon"), "tagged: {content}");
        assert_eq!(
            s["media_attachments"][0]["description"],
            "Röntgenbild av en hand"
        );
        assert_eq!(d.remote_url.as_deref(), s["url"].as_str());

        // The job run again (a worker killed after posting): still one.
        sqlx_requeue(&app, d.id).await;
        app.state.worker.run_due().await.unwrap();
        assert_eq!(peer.statuses().await.len(), 1, "exactly once");
        let (_, page) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(
            page.contains("Skickat") && page.contains("Öppna i kanalen"),
            "sent, with its link"
        );

        // A reply on Mastodon, with HTML in it, comes home inert.
        let remote = s["id"].as_str().unwrap();
        peer.reply(remote, "Bra skrivet! <script>alert(1)</script>")
            .await;
        let (queue, taken) = reply_came_home(&app, post, "mastodon", "@reader@127.0.0.1").await;
        assert!(queue.contains("Bra skrivet!"));
        assert_eq!(taken.state, lykta_store::CommentState::Pending);
    }
}

/// Replies are fetched (twice, as the worker does each minute) and the
/// one from `handle` is in the queue and the record, inert, taken once:
/// the queue page and that comment.
pub(crate) async fn reply_came_home(
    app: &TestApp,
    post: lykta_domain::PostId,
    platform: &str,
    handle: &str,
) -> (String, lykta_store::Comment) {
    app.state.worker.housekeeping().await.unwrap();
    app.state.worker.housekeeping().await.unwrap();
    let (_, queue) = app.text("/admin/comments").await;
    assert!(queue.contains(handle), "{handle} in the queue");
    assert!(!queue.contains("<script>alert(1)"), "inert");
    let blog = app.blog_id("rontgenbloggen").await;
    let comments = app
        .state
        .store
        .comment_queue(&lykta_store::QueueFilter {
            blog_ids: &[blog],
            state: None,
            before: None,
        })
        .await
        .unwrap();
    let from: Vec<_> = comments
        .iter()
        .filter(|c| c.post_id == post && c.source_platform.as_deref() == Some(platform))
        .collect();
    assert_eq!(from.len(), 1, "taken once");
    let record = app
        .state
        .store
        .record_of_comments(&[from[0].id.get()])
        .await
        .unwrap();
    let record = format!("{record:?}");
    assert!(record.contains(handle), "in the record: {record}");
    (queue, from[0].clone())
}

/// Put a sent delivery back in the queue with a new job, behind Lykta's back
/// (as if the worker had died before recording it sent).
pub(crate) async fn sqlx_requeue(app: &TestApp, id: lykta_domain::DeliveryId) {
    behind_the_back!(
        app,
        sqlx::query(&format!(
            "UPDATE deliveries SET state = 'queued' WHERE id = {id}"
        ))
    );
    let now = app.clock.now();
    app.state
        .store
        .enqueue_job(&lykta_store::Job::Deliver { delivery_id: id }, now, now)
        .await
        .unwrap();
}

#[tokio::test]
async fn rate_limits_and_outages_are_retried_and_a_revoked_token_asks_for_reconnection() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect(&app, &peer).await;
        let post = post_for(&app, "Väntetider", &[channel]).await;
        peer.fault(
            "POST",
            "/api/v1/statuses",
            serde_json::json!({"type": "ratelimit"}),
        )
        .await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, lykta_store::DeliveryState::Queued);
        assert!(d.problem.contains("429"), "{}", d.problem);
        // Retry-After: 300 is honoured: not a minute later …
        app.clock.advance(120);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(delivery_state(&app, post).await.attempts, 1);
        // … but after five minutes; then the server is down once.
        peer.fault(
            "POST",
            "/api/v1/statuses",
            serde_json::json!({"type": "status", "status": 503}),
        )
        .await;
        app.clock.advance(200);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert!(d.problem.contains("503"), "{}", d.problem);
        app.clock.advance(600);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, lykta_store::DeliveryState::Sent, "{}", d.problem);
        assert_eq!(peer.statuses().await.len(), 1);

        // A token the server no longer takes: needs re-authentication, not retried.
        let second = post_for(&app, "Nya öppettider", &[channel]).await;
        peer.fault(
            "POST",
            "/api/v1/statuses",
            serde_json::json!({"type": "status", "status": 401}),
        )
        .await;
        publish(&app, second).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, second).await;
        assert_eq!(d.state, lykta_store::DeliveryState::Reauthenticate);
        let (_, page) = app.text(&format!("/admin/posts/{second}")).await;
        assert!(page.contains("Kanalen behöver anslutas igen"));
        let (_, channel_page) = app.text(&format!("/admin/channels/{channel}")).await;
        assert!(channel_page.contains("Behöver anslutas igen"));
        // Retried by a person: it goes.
        let r = app
            .post(&format!("/admin/deliveries/{}/retry", d.id), &[])
            .await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            delivery_state(&app, second).await.state,
            lykta_store::DeliveryState::Sent
        );
        assert_eq!(peer.statuses().await.len(), 2);
    }
}

#[tokio::test]
async fn an_internal_post_is_never_syndicated() {
    for backend in backends() {
        let Some(peer) = MastodonPeer::start().await else {
            return;
        };
        let app = spawn_app(backend).await;
        app.sign_in(ADMIN).await;
        let channel = connect(&app, &peer).await;
        let post = app
            .create_post("regiondirektoren", "Internt", "Bara för oss.")
            .await;
        let r = app
            .post(
                &format!("/admin/posts/{post}/channels"),
                &[("channels", &channel.to_string())],
            )
            .await;
        assert_eq!(r.status(), 409, "refused");
        // Even chosen behind Lykta's back, publishing makes no delivery.
        behind_the_back!(
            app,
            sqlx::query(&format!(
                "INSERT INTO post_channels (post_id, channel_id) VALUES ({post}, {channel})"
            ))
        );
        let r = app.set_state(post, "publish", "").await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        assert!(app.state.store.deliveries(post).await.unwrap().is_empty());
        assert!(peer.statuses().await.is_empty());
    }
}
