//! Queuing the weekly digest for 10,000 e-mail subscribers (`bench/subscriptions.sh`
//! runs it on SQLite and on PostgreSQL). Builds the demo in a fresh database, adds N
//! confirmed digest subscribers to Röntgenbloggen, publishes a post (through the use
//! case, as its editor), then times `Composer::subscription_digests` the Monday after:
//! every message written (text, HTML, its own manage link), queued in the outbox with its
//! `send_mail` job, paced. Prints one line of JSON: subscribers, messages queued, seconds,
//! and over how many minutes the configured rate spreads the sending.
//!
//! `cargo run --release --example subscription_digest -- --database-url sqlite:///tmp/x/lykta.db --subscribers 10000`

use clap::Parser;
use lykta_app::posts::PostContent;
use lykta_domain::{Clock, Email, ManualClock, Slug};
use lykta_store::Frequency;
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
    #[arg(long, default_value_t = 10_000)]
    subscribers: usize,
    #[arg(long, default_value_t = lykta_app::subscriptions::DEFAULT_MAILS_PER_MINUTE)]
    per_minute: i64,
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
    .await?
    .with_subscription_rate(args.per_minute);
    lykta::demo::seed(&app).await?;

    let blog = store
        .blog_id_by_slug("rontgenbloggen")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo has Röntgenbloggen"))?;
    let emails: Vec<Email> = (0..args.subscribers)
        .map(|i| Email::parse(&format!("lasare{i}@example.org")))
        .collect::<Result<_, _>>()
        .map_err(|_| anyhow::anyhow!("generated addresses"))?;
    store
        .add_confirmed_subscribers(blog, &emails, Frequency::Weekly, clock.now())
        .await?;

    // The editor publishes a post; the digest goes the Monday after, 08:00.
    let sofia = Email::parse("sofia@alvdal.example").map_err(|_| anyhow::anyhow!("address"))?;
    let sofia = store
        .user_by_email(&sofia)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo has Sofia"))?;
    let actor = store.actor(&sofia, clock.now()).await?;
    let content = PostContent {
        slug: Slug::normalise("veckans-nyhet").map_err(|_| anyhow::anyhow!("slug"))?,
        title: "Veckans nyhet från röntgen".into(),
        body: "Vi har öppet hus på lördag. Välkommen!".into(),
        excerpt: String::new(),
        cover: None,
        tags: Vec::new(),
        author_ids: Vec::new(),
        comments_enabled: true,
    };
    let post = app.create_post(&actor, blog, &content, false).await?;
    app.change_post_state(&actor, post, StateChange::Publish)
        .await?;
    // The first Monday 07:00 after now (today's, early on a Monday).
    let today = lykta_domain::stockholm_date(clock.now());
    let mut monday =
        today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
    if lykta_domain::stockholm_instant(monday, 7, 0) <= clock.now() {
        monday += time::Duration::days(7);
    }
    clock.set(lykta_domain::stockholm_instant(monday, 8, 0));

    let started = Instant::now();
    let queued = app.notify.subscription_digests(clock.now()).await?;
    let seconds = started.elapsed().as_secs_f64();
    let minutes = (queued as i64 + args.per_minute - 1) / args.per_minute;
    println!(
        "{{\"subscribers\":{},\"queued\":{queued},\"seconds\":{seconds:.3},\"per_minute\":{},\"sending_minutes\":{minutes}}}",
        args.subscribers, args.per_minute
    );
    store.close().await;
    Ok(())
}
