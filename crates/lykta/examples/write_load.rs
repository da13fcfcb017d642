//! Concurrent writers with readers alongside, against a running Lykta with
//! the demo (`bench/write.sh` starts it and runs this). Half the writers
//! post comments as readers from addresses of their own (through a trusted
//! proxy header), half save drafts of their own as the administrator; the
//! readers fetch the blog's front page and a post. Prints one line of JSON:
//! writes per second, p99 for writers and readers, and the answers by kind —
//! the goal is no 5xx at all.
//!
//! With `--read-rate` the readers send that many requests a second between
//! them on a fixed schedule (not as fast as they can), so their p99 is a
//! latency at a given load rather than a queue at saturation; with `--flood-rate` a comment flood
//! arrives the same way, each request from an address of its own. Comparing
//! readers' p99 at `--flood-rate 0` with a flood is the flood benchmark.
//!
//! `cargo run --release --example write_load -- --base http://127.0.0.1:8080 --writers 32 --readers 8 --seconds 10`
//! `cargo run --release --example write_load -- --base … --writers 0 --read-rate 1000 --flood-rate 2000`

use clap::Parser;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    base: String,
    #[arg(long, default_value_t = 8)]
    writers: usize,
    #[arg(long, default_value_t = 4)]
    readers: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    #[arg(long, default_value = "anna@alvdal.example")]
    email: String,
    #[arg(long, default_value = "lykta-demo-2026")]
    password: String,
    #[arg(long, default_value = "rontgenbloggen")]
    blog: String,
    /// A published post that takes comments.
    #[arg(long, default_value = "vi-soker-kollegor")]
    post: String,
    /// The blog's id (for the drafts).
    #[arg(long, default_value_t = 2)]
    blog_id: i64,
    /// Readers' requests a second, open loop (0: `--readers` as fast as they can).
    #[arg(long, default_value_t = 0.0)]
    read_rate: f64,
    /// Flood comments a second, open loop, each from an address of its own.
    #[arg(long, default_value_t = 0.0)]
    flood_rate: f64,
}

#[derive(Default)]
struct Tally {
    ok: AtomicU64,
    client_error: AtomicU64,
    server_error: AtomicU64,
    failed: AtomicU64,
    /// Every answer that was not a success, by status.
    refusals: std::sync::Mutex<std::collections::BTreeMap<u16, u64>>,
}

impl Tally {
    fn count(&self, status: Option<u16>) {
        if let Some(s) = status.filter(|s| *s >= 400) {
            if let Ok(mut r) = self.refusals.lock() {
                *r.entry(s).or_default() += 1;
            }
        }
        let c = match status {
            Some(s) if s < 400 => &self.ok,
            Some(s) if s < 500 => &self.client_error,
            Some(_) => &self.server_error,
            None => &self.failed,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("HTTP client")
}

/// An address of its own for writer `w`'s `n`th request (documentation and
/// private ranges only).
fn address(w: usize, n: u64) -> String {
    format!("10.{}.{}.{}", w % 250, (n / 250) % 250, n % 250 + 1)
}

/// Sign in and open a draft of one's own: (client, csrf, post id).
async fn draft_writer(a: &Args, w: usize) -> anyhow::Result<(reqwest::Client, String, i64)> {
    let c = client();
    let from = address(200 + w, 0);
    let r = c
        .post(format!("{}/sign-in", a.base))
        .header("x-forwarded-for", &from)
        .form(&[
            ("email", a.email.as_str()),
            ("password", &a.password),
            ("next", "/admin"),
        ])
        .send()
        .await?;
    anyhow::ensure!(r.status() == 303, "sign-in: {}", r.status());
    let html = c
        .get(format!("{}/admin", a.base))
        .send()
        .await?
        .text()
        .await?;
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .ok_or_else(|| anyhow::anyhow!("no csrf token"))?
        .to_owned();
    let r = c
        .post(format!("{}/admin/blogs/{}/posts", a.base, a.blog_id))
        .form(&[
            ("title", format!("Lastprov {} {w}", std::process::id())),
            ("body", "Första versionen.".into()),
            ("csrf", csrf.clone()),
        ])
        .send()
        .await?;
    anyhow::ensure!(r.status() == 303, "new draft: {}", r.status());
    let id = r.headers()["location"]
        .to_str()?
        .trim_start_matches("/admin/posts/")
        .split('?')
        .next()
        .unwrap_or_default()
        .parse()?;
    Ok((c, csrf, id))
}

/// Call `send(n)` `rate` times a second until `until`, without waiting for
/// answers (open loop): the tally counts each answer, and the latencies are
/// from each request's start to its answer.
async fn open_loop<F, Fut>(rate: f64, until: Instant, tally: Arc<Tally>, send: F) -> Vec<f64>
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Option<u16>> + Send + 'static,
{
    let start = Instant::now();
    let mut answers = Vec::new();
    for n in 0u64.. {
        let at = start + Duration::from_secs_f64(n as f64 / rate);
        if at >= until {
            break;
        }
        tokio::time::sleep_until(at.into()).await;
        let request = send(n);
        let tally = tally.clone();
        answers.push(tokio::spawn(async move {
            let began = Instant::now();
            tally.count(request.await);
            began.elapsed().as_secs_f64() * 1000.0
        }));
    }
    let mut lat = Vec::with_capacity(answers.len());
    for a in answers {
        lat.extend(a.await.ok());
    }
    lat
}

/// GET `path` and read the whole answer.
async fn read(c: reqwest::Client, url: String) -> Option<u16> {
    let r = c.get(url).send().await.ok()?;
    let s = r.status().as_u16();
    r.bytes().await.ok()?;
    Some(s)
}

/// A reader's comment, as request `n` of writer `w`.
async fn comment(c: reqwest::Client, a: Arc<Args>, w: usize, n: u64) -> Option<u16> {
    let r = c
        .post(format!("{}/{}/{}/comments", a.base, a.blog, a.post))
        .header("x-forwarded-for", address(w, n))
        .form(&[
            ("name", format!("Läsare {w}")),
            ("email", format!("lasare{w}.{n}@example.org")),
            (
                "comment",
                format!(
                    "Fråga {n} från läsare {w} ({}): hur söker man?",
                    std::process::id()
                ),
            ),
        ])
        .send()
        .await
        .ok()?;
    let s = r.status().as_u16();
    r.bytes().await.ok()?;
    Some(s)
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = Arc::new(Args::parse());
    let writes = Arc::new(Tally::default());
    let reads = Arc::new(Tally::default());
    let mut drafts = Vec::new();
    for w in 0..a.writers / 2 {
        drafts.push(draft_writer(&a, w).await?);
    }
    let start = Instant::now();
    let until = start + Duration::from_secs(a.seconds);
    let mut tasks = Vec::new();
    for (w, (c, csrf, id)) in drafts.into_iter().enumerate() {
        let (a, t) = (a.clone(), writes.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut version = 1;
            while Instant::now() < until {
                let began = Instant::now();
                let r = c
                    .post(format!("{}/admin/posts/{id}", a.base))
                    .form(&[
                        ("title", format!("Lastprov {} {w}", std::process::id())),
                        ("body", format!("Version {version} av utkastet.")),
                        ("version", version.to_string()),
                        ("csrf", csrf.clone()),
                    ])
                    .send()
                    .await;
                let status = r.as_ref().ok().map(|r| r.status().as_u16());
                if status == Some(303) {
                    version += 1;
                }
                t.count(status);
                lat.push(began.elapsed().as_secs_f64() * 1000.0);
            }
            lat
        }));
    }
    for w in 0..a.writers - a.writers / 2 {
        let (a, t) = (a.clone(), writes.clone());
        tasks.push(tokio::spawn(async move {
            let c = client();
            let mut lat = Vec::new();
            let mut n = 0;
            while Instant::now() < until {
                n += 1;
                let began = Instant::now();
                t.count(comment(c.clone(), a.clone(), w, n).await);
                lat.push(began.elapsed().as_secs_f64() * 1000.0);
            }
            lat
        }));
    }
    if a.flood_rate > 0.0 {
        let (a, t) = (a.clone(), writes.clone());
        tasks.push(tokio::spawn(async move {
            let c = client();
            let rate = a.flood_rate;
            open_loop(rate, until, t, move |n| {
                comment(c.clone(), a.clone(), 249, n)
            })
            .await
        }));
    }
    let mut readers = Vec::new();
    let paths = [format!("/{}/", a.blog), format!("/{}/{}", a.blog, a.post)];
    if a.read_rate > 0.0 {
        // Each reader keeps its connection and sends on a fixed schedule (its
        // share of the rate); a late answer delays the next request, and its
        // latency counts from when it should have been sent (as wrk2 does),
        // so a stalled server cannot hide behind fewer requests.
        let interval = Duration::from_secs_f64(a.readers as f64 / a.read_rate);
        for i in 0..a.readers {
            let (a, t, paths) = (a.clone(), reads.clone(), paths.clone());
            readers.push(tokio::spawn(async move {
                let c = client();
                let mut lat = Vec::new();
                let first = start + interval.mul_f64(i as f64 / a.readers as f64);
                for n in 0u32.. {
                    let due = first + interval * n;
                    if due >= until {
                        break;
                    }
                    tokio::time::sleep_until(due.into()).await;
                    let url = format!("{}{}", a.base, paths[n as usize % 2]);
                    t.count(read(c.clone(), url).await);
                    lat.push(due.elapsed().as_secs_f64() * 1000.0);
                }
                lat
            }));
        }
    } else {
        for i in 0..a.readers {
            let (a, t, paths) = (a.clone(), reads.clone(), paths.clone());
            readers.push(tokio::spawn(async move {
                let c = client();
                let mut lat = Vec::new();
                let mut n = i;
                while Instant::now() < until {
                    n += 1;
                    let began = Instant::now();
                    t.count(read(c.clone(), format!("{}{}", a.base, paths[n % 2])).await);
                    lat.push(began.elapsed().as_secs_f64() * 1000.0);
                }
                lat
            }));
        }
    }
    let mut write_lat = Vec::new();
    for t in tasks {
        write_lat.extend(t.await?);
    }
    let mut read_lat = Vec::new();
    for t in readers {
        read_lat.extend(t.await?);
    }
    let secs = start.elapsed().as_secs_f64();
    let n = |t: &AtomicU64| t.load(Ordering::Relaxed);
    println!(
        "{{\"writers\":{},\"readers\":{},\"writes_per_s\":{:.0},\"write_p99_ms\":{:.1},\"read_p50_ms\":{:.2},\"read_p99_ms\":{:.2},\"reads_per_s\":{:.0},\"write_ok\":{},\"write_4xx\":{},\"write_5xx\":{},\"write_failed\":{},\"read_5xx\":{},\"write_refusals\":{{{}}}}}",
        a.writers,
        a.readers,
        (n(&writes.ok) + n(&writes.client_error)) as f64 / secs,
        percentile(write_lat, 0.99),
        percentile(read_lat.clone(), 0.5),
        percentile(read_lat, 0.99),
        n(&reads.ok) as f64 / secs,
        n(&writes.ok),
        n(&writes.client_error),
        n(&writes.server_error),
        n(&writes.failed),
        n(&reads.server_error) + n(&reads.failed),
        // As a JSON object: {"429": n, …}.
        writes
            .refusals
            .lock()
            .map(|r| r
                .iter()
                .map(|(k, v)| format!("\"{k}\":{v}"))
                .collect::<Vec<_>>()
                .join(","))
            .unwrap_or_default(),
    );
    Ok(())
}
