//! Search benchmark (driven by `bench/search.sh`): N generated Swedish posts
//! go into Lykta's search index (tantivy, as `lykta_search` builds it), a
//! SQLite FTS5 table and — with `--postgres URL` — a PostgreSQL table with a
//! `to_tsvector('swedish', …)` GIN index; then the same queries run at C
//! concurrent clients against each for D seconds, uncached, and the
//! latencies, hit counts and ratios are printed side by side.
//!
//!   search_load --posts 100000 --clients 64 --seconds 10 [--postgres URL]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a panic is the report

use lykta_domain::{BlogId, Language, UserId};
use lykta_search::{Doc, Filters, Kind, SearchIndex, UserQuery};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Words the posts are made of: nouns in several forms (what a stemmer must
/// join), verbs, and common little words.
const NOUNS: &[&[&str]] = &[
    &[
        "röntgensjuksköterska",
        "röntgensjuksköterskan",
        "röntgensjuksköterskor",
        "röntgensjuksköterskorna",
    ],
    &["undersköterska", "undersköterskan", "undersköterskor"],
    &["patient", "patienten", "patienter", "patienterna"],
    &["kollega", "kollegan", "kolleger", "kollegorna"],
    &["utbildning", "utbildningen", "utbildningar"],
    &["avdelning", "avdelningen", "avdelningar", "avdelningarna"],
    &["sommarjobb", "sommarjobbet", "sommarjobben"],
    &["magnetkamera", "magnetkameran", "magnetkameror"],
    &["arbetsmiljö", "arbetsmiljön", "arbetsmiljöer"],
    &["sjukhus", "sjukhuset", "sjukhusen"],
    &["vårdcentral", "vårdcentralen", "vårdcentraler"],
    &["ambulans", "ambulansen", "ambulanser"],
    &["schema", "schemat", "scheman"],
    &["handledare", "handledaren", "handledarna"],
    &["student", "studenten", "studenter", "studenterna"],
    &["bild", "bilden", "bilder", "bilderna"],
    &["läkare", "läkaren", "läkarna"],
    &["budget", "budgeten", "budgetar"],
];
const VERBS: &[&str] = &[
    "arbetar",
    "söker",
    "berättar",
    "undersöker",
    "hjälper",
    "lär",
    "träffar",
    "planerar",
    "granskar",
    "tar",
    "visar",
    "behöver",
    "välkomnar",
    "förklarar",
];
const SMALL: &[&str] = &[
    "och", "att", "på", "i", "med", "för", "som", "en", "ett", "vi", "hos", "till",
];

/// Queries: inflected forms of the nouns, two-word searches, a phrase, a prefix.
const QUERIES: &[&str] = &[
    "röntgensjuksköterskor",
    "patienterna",
    "utbildningar",
    "avdelningen",
    "sommarjobben",
    "magnetkameror",
    "arbetsmiljön",
    "vårdcentraler",
    "handledarna",
    "studenter bilder",
    "läkaren ambulansen",
    "budgeten schemat",
    "undersköterskor kollegorna",
    "\"patienten berättar\"",
    "röntg*",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

/// Syllables of made-up words, so the vocabulary is large like real text's.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "ve", "stra", "mi", "nor", "ell", "ås", "bä", "rö", "fjä", "lin", "dal", "ter",
    "sko", "gra", "vi", "tu", "pel", "ström", "ne", "sa", "kul", "or", "hed", "by", "ång", "el",
];

fn made_up(r: &mut Rng) -> String {
    (0..2 + r.next() % 3).map(|_| r.pick(SYLLABLES)).collect()
}

/// Twelve words: mostly made-up ones, a noun in some form, a verb, little words.
fn sentence(r: &mut Rng) -> String {
    let mut words: Vec<String> = (0..12).map(|_| made_up(r)).collect();
    let noun = NOUNS[r.next() % NOUNS.len()];
    words[r.next() % 12] = r.pick(noun).to_owned();
    words[r.next() % 12] = r.pick(VERBS).to_owned();
    words[r.next() % 12] = r.pick(SMALL).to_owned();
    format!("{}.", words.join(" "))
}

fn posts(n: usize) -> Vec<(String, String)> {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let title = format!("{} ({i})", sentence(&mut r).trim_end_matches('.'));
            let body = (0..25)
                .map(|_| sentence(&mut r))
                .collect::<Vec<_>>()
                .join(" ");
            (title, body)
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
    let data = posts(n);
    println!(
        "{n} generated posts, {} queries, {clients} clients, {secs} s each",
        QUERIES.len()
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
            .map(|(i, (title, body))| Doc {
                kind: Kind::Post,
                id: (chunk_no * 1000 + i + 1) as i64,
                blog_id: BlogId::new(1),
                lang: Language::Sv,
                title: title.clone(),
                body: body.clone(),
                tags: vec!["bench".into()],
                author_ids: vec![UserId::new(1)],
                date: 1_700_000_000 + i as i64,
                state: "published".into(),
                path: format!("/bench/{i}"),
                ever_published: true,
            })
            .collect();
        index.add_batch(docs).unwrap();
    }
    index.commit(1).unwrap();
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
    for (title, body) in &data {
        sqlx::query("INSERT INTO posts (title, body) VALUES ($1, $2)")
            .bind(title)
            .bind(body)
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
            let titles: Vec<&str> = chunk.iter().map(|(t, _)| t.as_str()).collect();
            let bodies: Vec<&str> = chunk.iter().map(|(_, b)| b.as_str()).collect();
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

    // Hits per query: what each engine finds (stemming shows here).
    println!("\nhits per query (top 10 shown to readers; totals here)");
    println!(
        "{:<32} {:>9} {:>9} {:>9}",
        "query", "lykta", "fts5", "postgres"
    );
    let parsed: Vec<UserQuery> = QUERIES
        .iter()
        .map(|q| UserQuery::parse(q).unwrap())
        .collect();
    for (q, uq) in QUERIES.iter().zip(&parsed) {
        let lykta = index
            .search(uq, &Filters::default(), None, 0, 10)
            .unwrap()
            .total;
        let (m, ts) = sql_queries(q);
        let fts5: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE posts MATCH $1")
            .bind(&m)
            .fetch_one(&sqlite)
            .await
            .unwrap_or(-1);
        let pgn = match &pg {
            Some((pool, _)) => sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM bench_posts WHERE doc @@ to_tsquery('swedish', $1)",
            )
            .bind(&ts)
            .fetch_one(pool)
            .await
            .unwrap_or(-1)
            .to_string(),
            None => "-".into(),
        };
        println!("{q:<32} {lykta:>9} {fts5:>9} {pgn:>9}");
    }

    // The same queries at `clients` concurrent clients, a page of 10 ranked hits each.
    let parsed = Arc::new(parsed);
    let ix = index.clone();
    let ps = parsed.clone();
    let lykta = load(clients, secs, move |i| {
        let ix = ix.clone();
        let ps = ps.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let q = &ps[i % ps.len()];
                ix.search(q, &Filters::default(), None, 0, 10).unwrap();
            })
            .await
            .unwrap();
        }
    })
    .await;
    let sq = sqlite.clone();
    let fts5 = load(clients, secs, move |i| {
        let sq = sq.clone();
        async move {
            let (m, _) = sql_queries(QUERIES[i % QUERIES.len()]);
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
            Some(
                load(clients, secs, move |i| {
                    let pool = pool.clone();
                    async move {
                        let (_, ts) = sql_queries(QUERIES[i % QUERIES.len()]);
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
    println!(
        "index on disk: {:.0} MB; resident memory: {rss_after:.0} MB after building (was {rss_before:.0} MB before; peak {hwm:.0} MB)",
        dir_mb(&work.path().join("tantivy"))
    );
}

fn dir_mb(p: &std::path::Path) -> f64 {
    std::fs::read_dir(p)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len() as f64)
                .sum::<f64>()
        })
        .unwrap_or(0.0)
        / 1_048_576.0
}
