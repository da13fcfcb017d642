//! Syndication to Facebook pages, Instagram professional accounts and
//! LinkedIn organisations, against the fake in `tests/fakes/meta_linkedin.py`
//! (no third-party server exists for them; the fake follows the Graph API
//! v24.0 and LinkedIn's versioned REST API, and keeps a journal of every
//! request): the channel is connected through the platform's consent page,
//! a post goes out with the right version, headers and alt text, faults are
//! retried or end as "needs re-authentication" / "update needed", Instagram
//! takes only posts with an image, and comments come home.

use crate::helpers::*;
use crate::syndication::{delivery_state, post_for, publish, reply_came_home, sqlx_requeue};
use lykta_domain::{ChannelId, Platform};
use lykta_store::{Backend, DeliveryState};
use serde_json::{json, Value};
use std::net::{Ipv4Addr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The fake's apps (see the constants at its top).
const META_APP_ID: &str = "940000000000001";
const META_APP_SECRET: &str = "meta-app-secret-for-tests";
const LINKEDIN_CLIENT_ID: &str = "78linkedinclient";
const LINKEDIN_CLIENT_SECRET: &str = "linkedin-secret-for-tests";
pub(crate) const PAGE: &str = "1001";
const IG_USER: &str = "17841400000000001";

/// The fake on 127.0.0.1, killed on drop.
pub struct PlatformFake {
    child: Child,
    pub url: String,
    http: reqwest::Client,
}

impl Drop for PlatformFake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl PlatformFake {
    /// Start it with `$LYKTA_TEST_PYTHON` (the standard library is all it
    /// needs); `None` when that is not set (the test skips), unless
    /// `LYKTA_TEST_REQUIRE_TOOLS=1`.
    pub async fn start() -> Option<PlatformFake> {
        let python = test_tool("LYKTA_TEST_PYTHON")?;
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fakes/meta_linkedin.py"
        );
        let child = Command::new(python)
            .arg(script)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the platform fake");
        let fake = PlatformFake {
            child,
            url: format!("http://127.0.0.1:{port}"),
            http: stranger(),
        };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Ok(r) = fake.http.get(fake.control("health")).send().await {
                if r.status().is_success() {
                    return Some(fake);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the platform fake did not start on {}", fake.url);
    }

    fn control(&self, what: &str) -> String {
        format!("{}/_fake/{what}", self.url)
    }

    async fn call(&self, what: &str, body: Value) -> Value {
        let r = self
            .http
            .post(self.control(what))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{what}: {}", r.status());
        r.json().await.unwrap()
    }

    /// The next request to a path starting with `path` answers `effect`.
    pub async fn fault(&self, method: &str, path: &str, effect: Value) {
        self.call(
            "faults",
            json!({"method": method, "path": path, "effect": effect, "count": 1}),
        )
        .await;
    }

    /// Someone comments on the copy `on` (a post id or URN).
    pub async fn comment(&self, on: &str, message: &str, from: &str) {
        self.call(
            "comment",
            json!({"on": on, "message": message, "from": from}),
        )
        .await;
    }

    pub async fn state(&self) -> Value {
        self.http
            .get(self.control("state"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Every request the fake was sent, oldest first.
    pub async fn journal(&self) -> Vec<Value> {
        self.http
            .get(self.control("journal"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The journal's requests `method path`.
    pub async fn requests(&self, method: &str, path: &str) -> Vec<Value> {
        self.journal()
            .await
            .into_iter()
            .filter(|r| r["method"] == method && r["path"] == path)
            .collect()
    }

    fn app_settings(
        &self,
        id: &str,
        secret: &str,
    ) -> lykta_web::platform_apps::PlatformAppSettings {
        lykta_web::platform_apps::PlatformAppSettings {
            client_id: id.into(),
            client_secret: lykta_web::Secret(secret.into()),
            api_url: Some(self.url.clone()),
            auth_url: Some(self.url.clone()),
            api_version: None,
        }
    }
}

/// An app whose Meta and LinkedIn apps live on `fake`.
pub(crate) async fn app_with(backend: Backend, fake: &PlatformFake) -> TestApp {
    let meta = fake.app_settings(META_APP_ID, META_APP_SECRET);
    let linkedin = fake.app_settings(LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET);
    let app = spawn_with(backend, move |s| {
        s.meta_app = Some(meta);
        s.linkedin_app = Some(linkedin);
    })
    .await;
    app.sign_in(ADMIN).await;
    app
}

/// The demo's `platform` channel at `address`, connected through the
/// platform's consent page.
pub(crate) async fn connect(
    app: &TestApp,
    fake: &PlatformFake,
    platform: Platform,
    address: &str,
) -> ChannelId {
    let channel = authorise(app, fake, platform, address).await;
    let (_, page) = app.text(&format!("/admin/channels/{channel}")).await;
    assert!(page.contains("Ansluten"), "connected");
    assert!(page.contains("Går ut om 60 dagar"), "the token's expiry");
    let conn = app.state.store.connection(channel).await.unwrap().unwrap();
    assert!(conn.access_token.starts_with("v1."), "sealed");
    channel
}

/// The demo's `platform` channel at `address` through the consent page:
/// Lykta sends the person there, they allow it, the platform sends them
/// back to Lykta's callback.
async fn authorise(
    app: &TestApp,
    fake: &PlatformFake,
    platform: Platform,
    address: &str,
) -> ChannelId {
    let channel = app
        .state
        .store
        .channels(&[])
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.platform == platform && c.url == address)
        .expect("the demo's channel")
        .id;
    let r = app
        .post(
            &format!("/admin/channels/{channel}/connection"),
            &[("action", "connect")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let consent = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(consent.starts_with(&fake.url), "{consent}");
    let q: Vec<(String, String)> = url::Url::parse(&consent)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    let page = fake.http.get(&consent).send().await.unwrap();
    assert_eq!(page.status(), 200, "the consent page");
    let back = fake
        .http
        .post(consent.split('?').next().unwrap())
        .form(&q)
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 302);
    let callback = url::Url::parse(back.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(
        callback.path(),
        "/admin/channels/connection/callback",
        "one redirect URI for the app"
    );
    let r = app
        .get(&format!(
            "{}?{}",
            callback.path(),
            callback.query().unwrap()
        ))
        .await;
    assert_eq!(r.status(), 303, "the callback");
    // The app secret went to the platform, and nowhere in the journal's
    // consent step.
    let journal = serde_json::to_string(&fake.journal().await).unwrap();
    assert!(!consent.contains(META_APP_SECRET) && !consent.contains(LINKEDIN_CLIENT_SECRET));
    assert!(journal.contains("client_secret"));
    channel
}

async fn channels_page(app: &TestApp, channel: ChannelId) -> String {
    app.text(&format!("/admin/channels/{channel}")).await.1
}

#[tokio::test]
async fn a_facebook_page_gets_the_post_with_alt_text_once_and_its_comments_come_home() {
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;
        let channel = connect(
            &app,
            &fake,
            Platform::Facebook,
            "https://www.facebook.com/regionalvdal",
        )
        .await;
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        let (_, form) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(
            form.contains("av 63206 tecken") || form.contains("av 63 206 tecken"),
            "Facebook's limit"
        );
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);

        let photos = fake
            .requests("POST", &format!("/v24.0/{PAGE}/photos"))
            .await;
        assert_eq!(photos.len(), 1);
        let sent = &photos[0];
        assert!(
            sent["headers"]["authorization"]
                .as_str()
                .unwrap()
                .starts_with("Bearer page-"),
            "the page's token"
        );
        assert_eq!(sent["body"]["alt_text_custom"], "Röntgenbild av en hand");
        let message = sent["body"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("Röntgen i Älvdal") && message.contains("utm_source=facebook"),
            "{message}"
        );
        assert!(
            sent["body"]["_files"]["source"]["size"].as_u64().unwrap() > 0,
            "the image"
        );
        let remote = d.remote_id.clone().unwrap();
        assert_eq!(
            d.remote_url.as_deref(),
            Some(format!("https://www.facebook.com/{remote}").as_str())
        );

        // Run again (a worker killed before it recorded the copy): the
        // page's feed shows the copy, nothing is posted twice.
        sqlx_requeue(&app, d.id).await;
        app.state.worker.run_due().await.unwrap();
        assert_eq!(delivery_state(&app, post).await.state, DeliveryState::Sent);
        assert_eq!(
            fake.requests("POST", &format!("/v24.0/{PAGE}/photos"))
                .await
                .len(),
            1,
            "exactly once"
        );
        assert_eq!(fake.state().await["posts"].as_object().unwrap().len(), 1);

        // Comments come home, through the paged edge.
        fake.comment(&remote, "Tack! <script>alert(1)</script>", "Eva Ek")
            .await;
        reply_came_home(&app, post, "facebook", "Eva Ek").await;
        let paged = fake
            .requests("GET", &format!("/v24.0/{remote}/comments"))
            .await;
        assert!(
            paged.iter().any(|r| r["query"]["after"].is_string()),
            "asked from the cursor"
        );

        // A token Facebook no longer takes (190): needs re-authentication,
        // shown on the channel, not retried.
        let second = post_for(&app, "Nya öppettider", &[channel]).await;
        fake.fault(
            "POST",
            &format!("/v24.0/{PAGE}/"),
            json!({"type": "expired_token"}),
        )
        .await;
        publish(&app, second).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, second).await;
        assert_eq!(d.state, DeliveryState::Reauthenticate, "{}", d.problem);
        assert!(d.problem.contains("code 190/463"), "{}", d.problem);
        assert!(channels_page(&app, channel)
            .await
            .contains("Behöver anslutas igen"));
        let (_, page) = app.text(&format!("/admin/posts/{second}")).await;
        assert!(page.contains("Kanalen behöver anslutas igen"));
    }
}

#[tokio::test]
async fn facebook_and_linkedin_copies_can_be_edited_and_removed() {
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;
        let fb = connect(
            &app,
            &fake,
            Platform::Facebook,
            "https://www.facebook.com/regionalvdal",
        )
        .await;
        let li = connect(
            &app,
            &fake,
            Platform::Linkedin,
            "https://www.linkedin.com/company/region-alvdal",
        )
        .await;
        let post = post_for(&app, "Röntgen i Älvdal", &[fb, li]).await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let deliveries = app.state.store.deliveries(post).await.unwrap();
        assert!(deliveries.iter().all(|d| d.state == DeliveryState::Sent));
        // The adapters as the worker builds them, at the HTTP level.
        let http = lykta_channels::http_client();
        let meta = lykta_web::platform_apps::platform_apps(
            Some(&fake.app_settings(META_APP_ID, META_APP_SECRET)),
            Some(&fake.app_settings(LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET)),
        );
        let state = fake.state().await;
        let (fb_post, _) = state["posts"].as_object().unwrap().iter().next().unwrap();
        let (li_post, _) = state["linkedin_posts"]
            .as_object()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        let page_token = fake
            .requests("POST", &format!("/v24.0/{PAGE}/photos"))
            .await[0]["headers"]["authorization"]
            .as_str()
            .unwrap()
            .trim_start_matches("Bearer ")
            .to_owned();
        let li_token = fake.requests("POST", "/rest/posts").await[0]["headers"]["authorization"]
            .as_str()
            .unwrap()
            .trim_start_matches("Bearer ")
            .to_owned();
        use lykta_channels::Adapter;
        let facebook = lykta_channels::facebook::Facebook::new(
            lykta_channels::facebook::Graph::new(http.clone(), meta.meta.as_ref().unwrap()),
            PAGE,
            lykta_channels::Secret(page_token),
        );
        let linkedin = lykta_channels::linkedin::Linkedin::new(
            lykta_channels::linkedin::Rest::new(
                http,
                meta.linkedin.as_ref().unwrap(),
                lykta_channels::Secret(li_token),
            ),
            "urn:li:organization:2001",
        );
        let edited = lykta_channels::Publication {
            text: "Ny text (rättad)".into(),
            image: None,
            language: "sv".into(),
            link: lykta_channels::Link::default(),
        };
        facebook.update(fb_post, &edited).await.unwrap();
        linkedin.update(li_post, &edited).await.unwrap();
        let state = fake.state().await;
        assert_eq!(state["posts"][fb_post]["message"], "Ny text (rättad)");
        assert_eq!(
            state["linkedin_posts"][li_post]["commentary"], "Ny text \\(rättad\\)",
            "little text escaped"
        );
        let patch = fake
            .requests(
                "POST",
                &format!("/rest/posts/{}", li_post.replace(':', "%3A")),
            )
            .await;
        assert_eq!(patch[0]["headers"]["x-restli-method"], "PARTIAL_UPDATE");
        facebook.delete(fb_post).await.unwrap();
        linkedin.delete(li_post).await.unwrap();
        // Gone already is done.
        facebook.delete(fb_post).await.unwrap();
        linkedin.delete(li_post).await.unwrap();
        let state = fake.state().await;
        assert_eq!(state["posts"][fb_post]["deleted"], true);
        assert_eq!(state["linkedin_posts"][li_post]["deleted"], true);
    }
}

#[tokio::test]
async fn linkedin_gets_an_article_with_its_version_and_a_sunset_version_needs_an_update() {
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;
        let channel = connect(
            &app,
            &fake,
            Platform::Linkedin,
            "https://www.linkedin.com/company/region-alvdal",
        )
        .await;
        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        let (_, form) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(
            form.contains("av 3000 tecken") || form.contains("av 3 000 tecken"),
            "LinkedIn's limit"
        );

        // Down once (500), then rate-limited (429, Retry-After: 300).
        fake.fault(
            "POST",
            "/rest/posts",
            json!({"type": "status", "status": 500}),
        )
        .await;
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Queued);
        assert!(d.problem.contains("500"), "{}", d.problem);
        fake.fault(
            "POST",
            "/rest/posts",
            json!({"type": "ratelimit", "retry_after": 300}),
        )
        .await;
        app.clock.advance(600);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert!(d.problem.contains("429"), "{}", d.problem);
        assert_eq!(d.attempts, 2);
        app.clock.advance(120);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            delivery_state(&app, post).await.attempts,
            2,
            "Retry-After honoured"
        );
        app.clock.advance(200);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);

        let posts = fake.requests("POST", "/rest/posts").await;
        assert_eq!(posts.len(), 3, "500, 429, then sent");
        let sent = &posts[2];
        assert_eq!(sent["headers"]["linkedin-version"], "202611");
        assert_eq!(sent["headers"]["x-restli-protocol-version"], "2.0.0");
        let body = &sent["body"];
        assert_eq!(body["author"], "urn:li:organization:2001");
        assert_eq!(body["visibility"], "PUBLIC");
        assert_eq!(body["lifecycleState"], "PUBLISHED");
        let article = &body["content"]["article"];
        assert_eq!(article["title"], "Röntgen i Älvdal");
        assert!(article["source"]
            .as_str()
            .unwrap()
            .contains("utm_source=linkedin"));
        assert_eq!(article["thumbnailAltText"], "Röntgenbild av en hand");
        let thumb = article["thumbnail"].as_str().unwrap();
        assert_eq!(
            fake.state().await["images"][thumb]["status"],
            "AVAILABLE",
            "uploaded"
        );
        let init = fake.requests("POST", "/rest/images").await;
        assert_eq!(init[0]["query"]["action"], "initializeUpload");
        assert_eq!(
            init[0]["body"]["initializeUploadRequest"]["owner"],
            "urn:li:organization:2001"
        );
        let urn = d.remote_id.clone().unwrap();
        assert!(urn.starts_with("urn:li:share:"), "from x-restli-id: {urn}");

        // Run again after a crash: found among the organisation's posts.
        sqlx_requeue(&app, d.id).await;
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            fake.requests("POST", "/rest/posts").await.len(),
            3,
            "exactly once"
        );

        fake.comment(&urn, "Bra! <script>alert(1)</script>", "Per Persson")
            .await;
        reply_came_home(&app, post, "linkedin", "urn:li:person:per-persson").await;

        // LinkedIn sunsets the version Lykta speaks: "update needed", not retried.
        fake.call("settings", json!({"linkedin_min_version": "202612"}))
            .await;
        let second = post_for(&app, "Nya öppettider", &[channel]).await;
        publish(&app, second).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, second).await;
        assert_eq!(d.state, DeliveryState::Failed);
        assert!(d.problem.starts_with("update needed: 426"), "{}", d.problem);
        app.clock.advance(3600);
        app.state.worker.run_due().await.unwrap();
        assert_eq!(
            delivery_state(&app, second).await.attempts,
            1,
            "not retried"
        );
        let (_, page) = app.text(&format!("/admin/posts/{second}")).await;
        assert!(page.contains("update needed"));
    }
}

#[tokio::test]
async fn instagram_takes_only_posts_with_an_image_and_publishes_a_container() {
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;
        let channel = connect(
            &app,
            &fake,
            Platform::Instagram,
            "https://www.instagram.com/regionalvdal",
        )
        .await;
        let (_, page) = app.text(&format!("/admin/channels/{channel}")).await;
        assert!(page.contains("@regionalvdal"), "the account");

        // Without an image: not sent, with the reason, not retried.
        let bare = post_for(&app, "Bara text", &[channel]).await;
        let r = app.set_state(bare, "publish", "").await;
        assert_eq!(r.status(), 303);
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, bare).await;
        assert_eq!(d.state, DeliveryState::Failed);
        assert!(
            d.problem.contains("Instagram needs an image"),
            "{}",
            d.problem
        );
        assert!(fake
            .requests("POST", &format!("/v24.0/{IG_USER}/media"))
            .await
            .is_empty());

        let post = post_for(&app, "Röntgen i Älvdal", &[channel]).await;
        let (_, form) = app.text(&format!("/admin/posts/{post}")).await;
        assert!(
            form.contains("av 2200 tecken") || form.contains("av 2 200 tecken"),
            "Instagram's limit"
        );
        publish(&app, post).await;
        app.state.worker.run_due().await.unwrap();
        let d = delivery_state(&app, post).await;
        assert_eq!(d.state, DeliveryState::Sent, "{}", d.problem);
        let made = fake
            .requests("POST", &format!("/v24.0/{IG_USER}/media"))
            .await;
        assert_eq!(made.len(), 1);
        assert_eq!(made[0]["body"]["alt_text"], "Röntgenbild av en hand");
        assert!(made[0]["body"]["caption"]
            .as_str()
            .unwrap()
            .starts_with("Röntgen i Älvdal"));
        let image_url = made[0]["body"]["image_url"].as_str().unwrap();
        assert!(
            image_url.starts_with(&app.address) && image_url.contains("/media/"),
            "{image_url}"
        );
        let state = fake.state().await;
        let container = state["containers"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .clone();
        assert_eq!(
            container["status_code"], "FINISHED",
            "Instagram fetched the image from Lykta"
        );
        assert!(container["image_size"].as_u64().unwrap() > 0);
        let publish = fake
            .requests("POST", &format!("/v24.0/{IG_USER}/media_publish"))
            .await;
        assert_eq!(publish.len(), 1);
        assert!(d
            .remote_url
            .unwrap()
            .starts_with("https://www.instagram.com/p/"));
    }
}

#[tokio::test]
async fn a_channel_whose_address_names_none_of_the_pages_lets_the_person_choose() {
    for backend in backends() {
        let Some(fake) = PlatformFake::start().await else {
            return;
        };
        let app = app_with(backend, &fake).await;
        let channel = authorise(
            &app,
            &fake,
            Platform::Facebook,
            "https://www.facebook.com/groups/rontgenalvdal",
        )
        .await;
        let page = channels_page(&app, channel).await;
        assert!(
            page.contains("Vilket konto ska kanalen publicera som?"),
            "{}",
            &page[page.find("id=\"connection\"").unwrap_or(0)..]
        );
        assert!(page.contains("Region Älvdal") && page.contains("Folktandvården Älvdal"));
        assert!(page.contains("Väntar på godkännande"), "not connected yet");
        let conn = app.state.store.connection(channel).await.unwrap().unwrap();
        assert!(conn.access_token.is_empty());
        assert!(
            conn.client_secret.starts_with("v1."),
            "the person's token, sealed"
        );

        let r = app
            .post(
                &format!("/admin/channels/{channel}/connection"),
                &[("action", "choose"), ("account", "1002")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let page = channels_page(&app, channel).await;
        assert!(page.contains("Ansluten") && page.contains("Folktandvården Älvdal"));
        assert!(page.contains("Går ut om 60 dagar"));
        assert!(!page.contains("Vilket konto ska kanalen publicera som?"));
        let conn = app.state.store.connection(channel).await.unwrap().unwrap();
        assert_eq!(conn.account_id, "1002");
        assert!(
            conn.client_secret.is_empty(),
            "the person's token forgotten"
        );
        // The page's token works: checking asks Facebook who it is.
        let r = app
            .post(
                &format!("/admin/channels/{channel}/connection"),
                &[("action", "check")],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert!(channels_page(&app, channel).await.contains("Ansluten"));
        assert!(!fake.requests("GET", "/v24.0/me").await.is_empty());
    }
}
