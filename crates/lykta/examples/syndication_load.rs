//! Publishing to the spokes under load (`bench/syndication.sh` runs it on SQLite and on
//! PostgreSQL). Builds the demo in a fresh database, connects `--channels` more
//! channels (stand-ins: publishing never talks to a platform, the worker does), then
//! times publishing a post — through the use case, as the editor — with none of them
//! chosen and with all of them (one delivery and job each, in the publishing
//! transaction), and taking `--replies` replies to one copy into the moderation queue and
//! the public record. Prints one line of JSON.
//!
//! `cargo run --release --example syndication_load -- --database-url sqlite:///tmp/x/lykta.db --data-dir /tmp/x`

use clap::Parser;
use lykta_app::channels::ChannelContent;
use lykta_app::posts::PostContent;
use lykta_domain::{Email, ManualClock, Platform, PostId, Slug};
use lykta_store::StateChange;
use std::sync::Arc;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    /// An empty database (SQLite file or PostgreSQL).
    #[arg(long)]
    database_url: String,
    /// A data folder for the demo's files.
    #[arg(long)]
    data_dir: std::path::PathBuf,
    #[arg(long, default_value_t = 10)]
    channels: usize,
    #[arg(long, default_value_t = 1_000)]
    replies: usize,
    /// Publishes timed per case (the median is printed).
    #[arg(long, default_value_t = 9)]
    rounds: usize,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let store = lykta_store::Store::connect(&args.database_url).await?;
    store.migrate().await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let clock = Arc::new(ManualClock::new(now));
    let cat = Arc::new(lykta_i18n::Catalogues::load());
    let app = lykta_app::App::new(
        store.clone(),
        clock.clone(),
        &args.data_dir,
        cat,
        "https://alvdal.example",
    )
    .await?;
    lykta::demo::seed(&app).await?;
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
    let anna = person("anna@alvdal.example").await?;
    let sofia = person("sofia@alvdal.example").await?;
    let mut channels = Vec::new();
    for i in 0..args.channels {
        let content = ChannelContent {
            platform: Platform::Mastodon,
            name: format!("Bänk {i}"),
            url: format!("https://bench{i}.example/@alvdal"),
            unit_id: None,
            purpose: String::new(),
            goal: String::new(),
            audience: String::new(),
            cadence: String::new(),
            owners: vec![anna.user_id],
            last_activity_at: None,
        };
        let id = app.add_channel(&anna, &content).await?;
        app.connect_channel_for_demo(
            &anna,
            id,
            &format!("https://bench{i}.example"),
            "@alvdal",
            "",
        )
        .await?;
        channels.push((id, String::new()));
    }
    let blog = store
        .blog_id_by_slug("rontgenbloggen")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo has Röntgenbloggen"))?;
    let mut n = 0;
    let mut publish = |chosen: bool| {
        n += 1;
        let (app, sofia, channels) = (&app, &sofia, &channels);
        let number = n;
        async move {
            let content = PostContent {
                slug: Slug::normalise(&format!("bank-{number}"))
                    .map_err(|_| anyhow::anyhow!("slug"))?,
                title: format!("Bänkinlägg {number}"),
                body: "Vi har öppet hus på lördag. Välkommen!".into(),
                excerpt: String::new(),
                cover: None,
                tags: Vec::new(),
                author_ids: Vec::new(),
                comments_enabled: true,
            };
            let post: PostId = app.create_post(sofia, blog, &content, false).await?;
            if chosen {
                app.choose_channels(sofia, post, channels).await?;
            }
            let started = Instant::now();
            app.change_post_state(sofia, post, StateChange::Publish)
                .await?;
            Ok::<_, anyhow::Error>((started.elapsed().as_secs_f64() * 1000.0, post))
        }
    };
    let (mut none, mut all) = (Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..args.rounds {
        let (ms, plain) = publish(false).await?;
        none.push(ms);
        let (ms, post) = publish(true).await?;
        all.push(ms);
        last = Some((plain, post));
    }
    let (plain, post) = last.ok_or_else(|| anyhow::anyhow!("at least one round"))?;
    let deliveries = store.deliveries(post).await?;
    // Replies to the first copy, as the worker takes them from a platform.
    let (id, _) = channels
        .first()
        .ok_or_else(|| anyhow::anyhow!("at least one channel"))?;
    let copy = store
        .record_delivery(
            plain,
            *id,
            lykta_store::DeliveryState::Sent,
            Some(("1", "https://bench0.example/@alvdal/1")),
            "",
            now,
        )
        .await?;
    let started = Instant::now();
    for i in 0..args.replies {
        let reply = lykta_app::spokes::Reply {
            remote_id: format!("reply-{i}"),
            handle: format!("@reader{i}@bench0.example"),
            display_name: format!("Läsare {i}"),
            url: format!("https://bench0.example/@reader{i}/{i}"),
            text: format!("Svar nummer {i}: tack för inlägget!"),
        };
        app.take_reply_for_demo(copy, &reply).await?;
    }
    let replies_s = started.elapsed().as_secs_f64();
    println!(
        "{{\"channels\":{},\"publish_ms_none\":{:.2},\"publish_ms_all\":{:.2},\"deliveries\":{},\"replies\":{},\"replies_s\":{replies_s:.3}}}",
        args.channels,
        median(none),
        median(all),
        deliveries.len(),
        args.replies
    );
    store.close().await;
    Ok(())
}
