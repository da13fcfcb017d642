//! Search benchmark (driven by `bench/search.sh`): N generated Swedish posts
//! (see `corpus.rs`: a real vocabulary with Zipf-like frequencies, and
//! readers' queries) go into Lykta's search index (tantivy, as `lykta_search` builds it), a
//! SQLite FTS5 table and — with `--postgres URL` — a PostgreSQL table with a
//! `to_tsvector('swedish', …)` GIN index; then the same queries run at C
//! concurrent clients against each for D seconds, uncached, and the
//! latencies, hit counts and ratios are printed side by side.
//!
//!   search_load --posts 100000 --clients 64 --seconds 10 [--postgres URL]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a panic is the report

use lykta_domain::{BlogId, Language, UserId};
use lykta_search::{Cursor, Doc, Filters, Kind, SearchIndex, UserQuery};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod corpus;
use corpus::{Corpus, Rng};

/// Queries in the mix (each client walks through them in turn).
const QUERIES: usize = 400;
/// Blogs and authors the posts are spread over.
const BLOGS: usize = 20;
const AUTHORS: usize = 200;

struct Post {
    title: String,
    body: String,
    tags: Vec<String>,
    blog: usize,
    author: usize,
}

fn posts(corpus: &Corpus, n: usize) -> Vec<Post> {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|_| {
            let (title, body, tags) = corpus.post(&mut r);
            Post {
                title,
                body,
                tags,
                blog: r.next() % BLOGS,
                author: r.next() % AUTHORS,
            }
        })
        .collect()
}

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_owned())
}

/// Words of a query for the SQL engines: an FTS5 MATCH and a tsquery text.
fn sql_queries(q: &str) -> (String, String) {
    if let Some(p) = q.strip_prefix('"') {
        let p = p.trim_end_matches('"');
        return (
            format!("\"{p}\""),
            p.split(' ').collect::<Vec<_>>().join(" <-> "),
        );
    }
    if let Some(p) = q.strip_suffix('*') {
        return (format!("{p}*"), format!("{p}:*"));
    }
    let words: Vec<&str> = q.split(' ').collect();
    (words.join(" AND "), words.join(" & "))
}

/// Hits per query of one engine: (no hits, median, 90th percentile, max).
fn spread(mut counts: Vec<i64>) -> (usize, i64, i64, i64) {
    counts.sort_unstable();
    let at = |p: f64| counts[((counts.len() as f64 * p) as usize).min(counts.len() - 1)];
    (
        counts.iter().filter(|&&c| c == 0).count(),
        at(0.5),
        at(0.9),
        counts.last().copied().unwrap_or(0),
    )
}

/// Run `one` from `clients` tasks for `secs`: (queries, p50 ms, p99 ms).
async fn load<F, Fut>(clients: usize, secs: u64, one: F) -> (usize, f64, f64)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let one = Arc::new(one);
    let until = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let one = one.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut i = c;
            while Instant::now() < until {
                let t = Instant::now();
                one(i).await;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                i += clients;
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    (all.len(), at(0.5), at(0.99))
}

fn rss_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

#[tokio::main]
async fn main() {
    let n: usize = arg("--posts", "100000").parse().unwrap();
    let clients: usize = arg("--clients", "64").parse().unwrap();
    let secs: u64 = arg("--seconds", "10").parse().unwrap();
    let pg_url = arg("--postgres", "");
    let work = tempfile::tempdir().unwrap();
    let corpus = Corpus::new();
    let data = posts(&corpus, n);
    // Readers' queries; those of little words only ("kan", "får") are
    // answered without searching, so they are left out.
    let titles: Vec<&str> = data.iter().map(|p| p.title.as_str()).collect();
    let queries: Vec<(String, UserQuery)> = corpus
        .queries(QUERIES, &titles)
        .into_iter()
        .filter_map(|q| UserQuery::parse(&q).ok().map(|p| (q, p)))
        .collect();
    let words: usize = data.iter().map(|p| p.body.split(' ').count()).sum();
    println!(
        "{n} generated posts ({} words each on average, from {} word forms), {} queries, {clients} clients, {secs} s each",
        words / n.max(1),
        corpus.word_forms(),
        queries.len()
    );

    // Lykta's index, built the way `lykta search reindex` builds it.
    let (rss_before, _) = rss_mb();
    let index = Arc::new(SearchIndex::open(&work.path().join("tantivy")).unwrap());
    let t = Instant::now();
    index.clear().unwrap();
    for (chunk_no, chunk) in data.chunks(1000).enumerate() {
        let docs = chunk
            .iter()
            .enumerate()
            .map(|(i, p)| Doc {
                kind: Kind::Post,
                id: (chunk_no * 1000 + i + 1) as i64,
                blog_id: BlogId::new(p.blog as i64 + 1),
                lang: Language::Sv,
                title: p.title.clone(),
                body: p.body.clone(),
                tags: p.tags.clone(),
                author_ids: vec![UserId::new(p.author as i64 + 1)],
                date: 1_700_000_000 + (chunk_no * 1000 + i) as i64 * 600,
                state: "published".into(),
                path: format!("/bench/{i}"),
                ever_published: true,
            })
            .collect();
        index.add_batch(docs).unwrap();
    }
    index.commit(Cursor::default()).unwrap();
    let tantivy_build = t.elapsed().as_secs_f64();
    let (rss_after, hwm) = rss_mb();

    // SQLite FTS5 on the same text (unicode61, diacritics kept: no Swedish stemmer exists).
    let sqlite = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(clients as u32)
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(work.path().join("fts.db"))
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal),
        )
        .await
        .unwrap();
    sqlx::query("CREATE VIRTUAL TABLE posts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')")
        .execute(&sqlite)
        .await
        .unwrap();
    let t = Instant::now();
    let mut tx = sqlite.begin().await.unwrap();
    for p in &data {
        sqlx::query("INSERT INTO posts (title, body) VALUES ($1, $2)")
            .bind(&p.title)
            .bind(&p.body)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let fts5_build = t.elapsed().as_secs_f64();

    let pg = if pg_url.is_empty() {
        None
    } else {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(clients as u32)
            .connect(&pg_url)
            .await
            .unwrap();
        sqlx::query("DROP TABLE IF EXISTS bench_posts")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("CREATE TABLE bench_posts (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, doc tsvector GENERATED ALWAYS AS (setweight(to_tsvector('swedish', title), 'A') || setweight(to_tsvector('swedish', body), 'B')) STORED)")
            .execute(&pool)
            .await
            .unwrap();
        let t = Instant::now();
        for chunk in data.chunks(1000) {
            let titles: Vec<&str> = chunk.iter().map(|p| p.title.as_str()).collect();
            let bodies: Vec<&str> = chunk.iter().map(|p| p.body.as_str()).collect();
            sqlx::query("INSERT INTO bench_posts (title, body) SELECT * FROM UNNEST($1::text[], $2::text[])")
                .bind(&titles)
                .bind(&bodies)
                .execute(&pool)
                .await
                .unwrap();
        }
        sqlx::query("CREATE INDEX bench_posts_doc ON bench_posts USING GIN (doc)")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("ANALYZE bench_posts")
            .execute(&pool)
            .await
            .unwrap();
        Some((pool, t.elapsed().as_secs_f64()))
    };

    // Hits per query: what each engine finds (stemming, prefixes and
    // typos show here), so the reader can judge how much each query ranks.
    let mut counts: [Vec<i64>; 3] = Default::default();
    for (q, uq) in &queries {
        counts[0].push(index.count(uq, &Filters::default(), usize::MAX).unwrap() as i64);
        let (m, ts) = sql_queries(q);
        counts[1].push(
            sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE posts MATCH $1")
                .bind(&m)
                .fetch_one(&sqlite)
                .await
                .unwrap_or(0),
        );
        if let Some((pool, _)) = &pg {
            counts[2].push(
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM bench_posts WHERE doc @@ to_tsquery('swedish', $1)",
                )
                .bind(&ts)
                .fetch_one(pool)
                .await
                .unwrap_or(0),
            );
        }
    }
    println!("\nsome queries, and how many posts each engine finds");
    println!(
        "{:<36} {:>9} {:>9} {:>9}",
        "query", "lykta", "fts5", "postgres"
    );
    for (i, (q, _)) in queries.iter().enumerate().take(16) {
        let pgn = counts[2].get(i).map_or("-".into(), i64::to_string);
        println!("{q:<36} {:>9} {:>9} {pgn:>9}", counts[0][i], counts[1][i]);
    }
    println!(
        "\nhits per query over all {} queries (of {n} posts)",
        queries.len()
    );
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "engine", "no hits", "median", "p90", "max", "median %"
    );
    for (name, c) in ["lykta (tantivy)", "sqlite fts5", "postgresql (swedish)"]
        .iter()
        .zip(counts.clone())
        .filter(|(_, c)| !c.is_empty())
    {
        let (none, median, p90, max) = spread(c);
        println!(
            "{name:<22} {none:>9} {median:>9} {p90:>9} {max:>9} {:>9.2}%",
            median as f64 * 100.0 / n.max(1) as f64
        );
    }

    // Each query alone, once (after one round to warm the caches): the
    // slowest show what costs.
    let page = |q: &UserQuery| index.search(q, &Filters::default(), None, 0, 10).unwrap();
    queries.iter().for_each(|(_, q)| drop(page(q)));
    let mut alone: Vec<(f64, &str, i64)> = queries
        .iter()
        .zip(&counts[0])
        .map(|((raw, q), &hits)| {
            let t = Instant::now();
            page(q);
            (t.elapsed().as_secs_f64() * 1000.0, raw.as_str(), hits)
        })
        .collect();
    alone.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mean = alone.iter().map(|a| a.0).sum::<f64>() / alone.len().max(1) as f64;
    println!(
        "\nlykta, each query alone: mean {mean:.3} ms, p99 {:.3} ms; the slowest (ms, hits):",
        alone[alone.len() / 100].0
    );
    for (ms, q, hits) in alone.iter().take(8) {
        println!("{q:<36} {ms:>9.2} {hits:>9}");
    }

    // The same queries at `clients` concurrent clients, a page of 10 ranked hits each.
    let queries = Arc::new(queries);
    let ix = index.clone();
    let qs = queries.clone();
    let lykta = load(clients, secs, move |i| {
        let ix = ix.clone();
        let qs = qs.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let (_, q) = &qs[i % qs.len()];
                ix.search(q, &Filters::default(), None, 0, 10).unwrap();
            })
            .await
            .unwrap();
        }
    })
    .await;
    let sq = sqlite.clone();
    let qs = queries.clone();
    let fts5 = load(clients, secs, move |i| {
        let sq = sq.clone();
        let (m, _) = sql_queries(&qs[i % qs.len()].0);
        async move {
            sqlx::query("SELECT rowid, snippet(posts, 1, '<mark>', '</mark>', '…', 20) FROM posts WHERE posts MATCH $1 ORDER BY bm25(posts, 3.0, 1.0) LIMIT 10")
                .bind(m)
                .fetch_all(&sq)
                .await
                .unwrap();
        }
    })
    .await;
    let postgres = match &pg {
        Some((pool, _)) => {
            let pool = pool.clone();
            let qs = queries.clone();
            Some(
                load(clients, secs, move |i| {
                    let pool = pool.clone();
                    let (_, ts) = sql_queries(&qs[i % qs.len()].0);
                    async move {
                        sqlx::query("SELECT id, ts_headline('swedish', body, q, 'StartSel=<mark>,StopSel=</mark>,MaxWords=30') FROM (SELECT id, body, q FROM bench_posts, to_tsquery('swedish', $1) q WHERE doc @@ q ORDER BY ts_rank(doc, q) DESC LIMIT 10) t")
                            .bind(ts)
                            .fetch_all(&pool)
                            .await
                            .unwrap();
                    }
                })
                .await,
            )
        }
        None => None,
    };

    println!(
        "\n{:<22} {:>10} {:>9} {:>9} {:>10}",
        "engine", "queries/s", "p50 ms", "p99 ms", "build s"
    );
    let row = |name: &str, (count, p50, p99): (usize, f64, f64), build: f64| {
        println!(
            "{name:<22} {:>10.0} {p50:>9.2} {p99:>9.2} {build:>10.1}",
            count as f64 / secs as f64
        );
    };
    row("lykta (tantivy)", lykta, tantivy_build);
    row("sqlite fts5", fts5, fts5_build);
    if let (Some(p), Some((_, build))) = (postgres, &pg) {
        row("postgresql (swedish)", p, *build);
        println!(
            "p99 ratio: fts5 / lykta = {:.1}, postgresql / lykta = {:.1}",
            fts5.2 / lykta.2.max(0.001),
            p.2 / lykta.2.max(0.001)
        );
    } else {
        println!(
            "p99 ratio: fts5 / lykta = {:.1}",
            fts5.2 / lykta.2.max(0.001)
        );
    }
    let (mb, segments) = dir_mb(&work.path().join("tantivy"));
    println!(
        "index on disk: {mb:.0} MB in {segments} segments; resident memory: {rss_after:.0} MB after building (was {rss_before:.0} MB before; peak {hwm:.0} MB)"
    );
}

/// The size of an index folder (MB) and how many segments it holds.
fn dir_mb(p: &std::path::Path) -> (f64, usize) {
    let files: Vec<(String, u64)> = std::fs::read_dir(p)
        .map(|d| {
            d.filter_map(|e| {
                let e = e.ok()?;
                Some((
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().ok()?.len(),
                ))
            })
            .collect()
        })
        .unwrap_or_default();
    (
        files.iter().map(|(_, len)| *len as f64).sum::<f64>() / 1_048_576.0,
        files
            .iter()
            .filter(|(name, _)| name.ends_with(".idx"))
            .count(),
    )
}
