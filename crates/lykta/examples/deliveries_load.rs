//! Ten deliveries against the local peers (`bench/deliveries.sh` starts the peers and runs
//! this on SQLite and on PostgreSQL). Builds the server as `lykta serve` does (worker on,
//! private hosts allowed, the Meta and LinkedIn apps on the fake), seeds the demo, takes
//! the demo's stand-in connections away, and connects ten channels through the same use
//! cases and consent pages a person uses: three Mastodon accounts on a mastodon-mock,
//! two Bluesky accounts on the reference PDS, two Facebook pages, one Instagram account
//! and two LinkedIn organisations on the fake. Then, per round, a post with a cover image
//! is published to all ten through the use case, and the time from the publish answer
//! until the tenth delivery is `sent` is measured. Prints one line of JSON.
//!
//! `cargo run --release --example deliveries_load -- --database-url sqlite:///tmp/x/lykta.db
//!  --data-dir /tmp/x --mastodon http://127.0.0.1:P --pds http://127.0.0.1:Q --fake http://127.0.0.1:R`

use clap::Parser;
use lykta_app::channels::ChannelContent;
use lykta_app::posts::PostContent;
use lykta_domain::{Actor, ChannelId, Email, Platform, PostId, Slug};
use lykta_store::{DeliveryState, StateChange};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// An empty database (SQLite file or PostgreSQL).
    #[arg(long)]
    database_url: String,
    /// A data folder for the demo's files.
    #[arg(long)]
    data_dir: std::path::PathBuf,
    /// The mastodon-mock, with accounts `blog1`…`blog3`.
    #[arg(long)]
    mastodon: String,
    /// The reference PDS.
    #[arg(long)]
    pds: String,
    /// `tests/fakes/meta_linkedin.py`.
    #[arg(long)]
    fake: String,
    /// Posts published, each to all ten channels (the median is printed).
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Part of the Bluesky handles made on the PDS (one run per database
    /// shares the peers).
    #[arg(long, default_value = "a")]
    label: String,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The fake's apps (see the constants at its top).
fn fake_app(fake: &str, id: &str, secret: &str) -> lykta_web::platform_apps::PlatformAppSettings {
    lykta_web::platform_apps::PlatformAppSettings {
        client_id: id.into(),
        client_secret: lykta_web::Secret(secret.into()),
        api_url: Some(fake.into()),
        auth_url: Some(fake.into()),
        api_version: None,
    }
}

/// The query pairs of the address in a redirect's `location`.
fn redirect_query(r: &reqwest::Response) -> anyhow::Result<Vec<(String, String)>> {
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .ok_or_else(|| anyhow::anyhow!("no redirect: {}", r.status()))?;
    Ok(url::Url::parse(location)?
        .query_pairs()
        .into_owned()
        .collect())
}

fn pair<'a>(q: &'a [(String, String)], name: &str) -> anyhow::Result<&'a str> {
    q.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| anyhow::anyhow!("no {name} in the redirect"))
}

struct Bench {
    app: lykta_app::App,
    admin: Actor,
    http: reqwest::Client,
}

impl Bench {
    /// The inventory's channel at `url` (the demo has some), else a new one.
    async fn channel(
        &self,
        platform: Platform,
        name: &str,
        url: &str,
    ) -> anyhow::Result<ChannelId> {
        let known = self.app.store.channels(&[]).await?;
        if let Some(c) = known
            .iter()
            .find(|c| c.platform == platform && c.url == url)
        {
            return Ok(c.id);
        }
        let content = ChannelContent {
            platform,
            name: name.into(),
            url: url.into(),
            unit_id: None,
            purpose: String::new(),
            goal: String::new(),
            audience: String::new(),
            cadence: String::new(),
            owners: vec![self.admin.user_id],
            last_activity_at: None,
        };
        Ok(self.app.add_channel(&self.admin, &content).await?)
    }

    /// Through the server's OAuth page, approved as `username`.
    async fn mastodon(&self, server: &str, username: &str) -> anyhow::Result<ChannelId> {
        let url = format!("{server}/@{username}");
        let id = self
            .channel(Platform::Mastodon, &format!("Mastodon {username}"), &url)
            .await?;
        let authorize = self.app.connect_channel(&self.admin, id, server).await?;
        let q: Vec<(String, String)> = url::Url::parse(&authorize)?
            .query_pairs()
            .into_owned()
            .collect();
        let back = self
            .http
            .post(format!("{server}/oauth/authorize"))
            .form(&[
                ("username", username),
                ("redirect_uri", pair(&q, "redirect_uri")?),
                ("state", pair(&q, "state")?),
                ("client_id", pair(&q, "client_id")?),
            ])
            .send()
            .await?;
        let q = redirect_query(&back)?;
        self.app
            .finish_connecting(&self.admin, id, pair(&q, "state")?, pair(&q, "code")?)
            .await?;
        Ok(id)
    }

    /// A new account on the PDS and an app password for Lykta.
    async fn bluesky(&self, pds: &str, handle: &str) -> anyhow::Result<ChannelId> {
        let xrpc = |method: &str, token: Option<String>, body: serde_json::Value| {
            let mut r = self.http.post(format!("{pds}/xrpc/{method}")).json(&body);
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            async move {
                let r = r.send().await?;
                let status = r.status();
                let v: serde_json::Value = r.json().await?;
                anyhow::ensure!(status.is_success(), "{status}: {v}");
                anyhow::Ok(v)
            }
        };
        let password = "a-long-password-for-the-bench";
        let account = xrpc(
            "com.atproto.server.createAccount",
            None,
            serde_json::json!({"handle": handle, "email": format!("{handle}@alvdal.example"), "password": password}),
        )
        .await?;
        let token = account["accessJwt"].as_str().map(str::to_owned);
        let app_password = xrpc(
            "com.atproto.server.createAppPassword",
            token,
            serde_json::json!({"name": "lykta"}),
        )
        .await?;
        let app_password = app_password["password"].as_str().unwrap_or_default();
        let id = self
            .channel(
                Platform::Bluesky,
                &format!("Bluesky {handle}"),
                &format!("https://bsky.app/profile/{handle}"),
            )
            .await?;
        self.app
            .connect_bluesky(&self.admin, id, pds, handle, app_password)
            .await?;
        Ok(id)
    }

    /// Through the platform's consent page: the account the address names.
    async fn through_app(
        &self,
        platform: Platform,
        name: &str,
        url: &str,
    ) -> anyhow::Result<ChannelId> {
        let id = self.channel(platform, name, url).await?;
        let consent = self.app.connect_channel(&self.admin, id, "").await?;
        let q: Vec<(String, String)> = url::Url::parse(&consent)?
            .query_pairs()
            .into_owned()
            .collect();
        let back = self
            .http
            .post(consent.split('?').next().unwrap_or_default())
            .form(&q)
            .send()
            .await?;
        let q = redirect_query(&back)?;
        self.app
            .finish_connecting_through_app(&self.admin, pair(&q, "state")?, pair(&q, "code")?)
            .await?;
        Ok(id)
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let settings = lykta_web::Settings {
        data_dir: args.data_dir.clone(),
        listen: "127.0.0.1:0".into(),
        database_url: lykta_web::Secret(args.database_url.clone()),
        secure_cookies: false,
        worker: true,
        allow_private_channel_hosts: true,
        meta_app: Some(fake_app(
            &args.fake,
            "940000000000001",
            "meta-app-secret-for-tests",
        )),
        linkedin_app: Some(fake_app(
            &args.fake,
            "78linkedinclient",
            "linkedin-secret-for-tests",
        )),
        ..lykta_web::Settings::default()
    };
    let server = lykta_web::Application::build(settings).await?;
    let state = server.state();
    let (app, store) = (state.app.clone(), state.store.clone());
    lykta::demo::seed(&app).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let person = |e: &str| {
        let e = Email::parse(e).map_err(|_| anyhow::anyhow!("address"));
        let store = store.clone();
        async move {
            let u = store
                .user_by_email(&e?)
                .await?
                .ok_or_else(|| anyhow::anyhow!("a demo person"))?;
            Ok::<_, anyhow::Error>(store.actor(&u, now).await?)
        }
    };
    let admin = person("anna@alvdal.example").await?;
    let sofia = person("sofia@alvdal.example").await?;
    // The demo's stand-ins would send the worker to hosts that do not exist.
    for channel in store.connected_channels().await? {
        app.disconnect_channel(&admin, channel).await?;
    }
    let bench = Bench {
        app: app.clone(),
        admin,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?,
    };
    let mut channels = Vec::new();
    for user in ["blog1", "blog2", "blog3"] {
        channels.push(bench.mastodon(&args.mastodon, user).await?);
    }
    for n in 1..=2 {
        let handle = format!("alvdal-{}-{n}.test", args.label);
        channels.push(bench.bluesky(&args.pds, &handle).await?);
    }
    for (platform, name, url) in [
        (
            Platform::Facebook,
            "Facebook Region",
            "https://www.facebook.com/regionalvdal",
        ),
        (
            Platform::Facebook,
            "Facebook Folktandvården",
            "https://www.facebook.com/folktandvardenalvdal",
        ),
        (
            Platform::Instagram,
            "Instagram Region",
            "https://www.instagram.com/regionalvdal",
        ),
        (
            Platform::Linkedin,
            "LinkedIn Region",
            "https://www.linkedin.com/company/region-alvdal",
        ),
        (
            Platform::Linkedin,
            "LinkedIn Sjukhuset",
            "https://www.linkedin.com/company/alvdals-sjukhus",
        ),
    ] {
        channels.push(bench.through_app(platform, name, url).await?);
    }
    let chosen: Vec<(ChannelId, String)> = channels.iter().map(|c| (*c, String::new())).collect();

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run_until(async {
        let _ = stop_rx.await;
    }));
    // The worker's first round (its housekeeping) is over before the clock starts.
    tokio::time::sleep(Duration::from_secs(2)).await;

    let blog = store
        .blog_id_by_slug("rontgenbloggen")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo has Röntgenbloggen"))?;
    let cover = store
        .all_media()
        .await?
        .first()
        .map(|m| m.id)
        .ok_or_else(|| anyhow::anyhow!("the demo has images"))?;
    let mut times = Vec::new();
    for round in 0..args.rounds {
        let content = PostContent {
            slug: Slug::normalise(&format!("tio-kanaler-{round}"))
                .map_err(|_| anyhow::anyhow!("slug"))?,
            title: format!("Tio kanaler, omgång {round}"),
            body: "Vi har öppet hus på lördag. Välkommen!".into(),
            excerpt: "Öppet hus på röntgen.".into(),
            cover: Some((cover, "Röntgenbild av en hand".into())),
            tags: Vec::new(),
            author_ids: Vec::new(),
            comments_enabled: true,
        };
        let post: PostId = app.create_post(&sofia, blog, &content, false).await?;
        app.choose_channels(&sofia, post, &chosen).await?;
        app.change_post_state(&sofia, post, StateChange::Publish)
            .await?;
        let answered = Instant::now();
        loop {
            let d = store.deliveries(post).await?;
            anyhow::ensure!(d.len() == channels.len(), "{} deliveries", d.len());
            if let Some(bad) = d
                .iter()
                .find(|d| !matches!(d.state, DeliveryState::Queued | DeliveryState::Sent))
            {
                anyhow::bail!(
                    "{} ended {:?}: {}",
                    bad.channel_name,
                    bad.state,
                    bad.problem
                );
            }
            if d.iter().all(|d| d.state == DeliveryState::Sent) {
                break;
            }
            anyhow::ensure!(
                answered.elapsed() < Duration::from_secs(120),
                "not sent within 120 s"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        times.push(answered.elapsed().as_secs_f64());
    }
    let _ = stop_tx.send(());
    running.await??;
    let all: Vec<String> = times.iter().map(|t| format!("{t:.3}")).collect();
    println!(
        "{{\"channels\":{},\"rounds\":{},\"all_sent_s_median\":{:.3},\"all_sent_s\":[{}]}}",
        channels.len(),
        times.len(),
        median(times.clone()),
        all.join(",")
    );
    Ok(())
}
