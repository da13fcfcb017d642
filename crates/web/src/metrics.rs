//! What an operator watches: `/metrics` in the Prometheus text format
//! (behind `metrics_token`; without one it does not exist) and `/readyz`.
//!
//! Requests are counted by route pattern and status with a latency
//! histogram; the page cache counts hits and misses; queue figures (jobs
//! waiting per kind and the age of the oldest, parked jobs, unsent mail,
//! comments waiting for a moderator) and the database pool are read at
//! each scrape.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::time::Instant;

type Labels = Vec<(&'static str, String)>;

/// How long a worker may go without coming round before the node is not
/// ready (a job may hold it for a while: a mail is given two minutes).
pub const WORKER_STUCK_SECONDS: i64 = 300;

pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram>,
    pub cache_hits: Counter,
    pub cache_misses: Counter,
    jobs_waiting: Family<Labels, Gauge>,
    jobs_oldest_seconds: Family<Labels, Gauge>,
    jobs_failed: Gauge,
    unsent_mail: Gauge,
    comments_waiting: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
}

fn latency_histogram() -> Histogram {
    // 1 ms … ≈ 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("lykta");
        let requests = Family::<Labels, Counter>::default();
        let latency = Family::<Labels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let m = Metrics {
            requests: requests.clone(),
            latency: latency.clone(),
            cache_hits: Counter::default(),
            cache_misses: Counter::default(),
            jobs_waiting: Family::default(),
            jobs_oldest_seconds: Family::default(),
            jobs_failed: Gauge::default(),
            unsent_mail: Gauge::default(),
            comments_waiting: Gauge::default(),
            pool_connections: Gauge::default(),
            pool_idle: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route",
            latency,
        );
        registry.register(
            "page_cache_hits",
            "Public pages served from the page cache",
            m.cache_hits.clone(),
        );
        registry.register(
            "page_cache_misses",
            "Public pages rendered (not in the cache)",
            m.cache_misses.clone(),
        );
        registry.register(
            "jobs_waiting",
            "Jobs waiting to run, by kind",
            m.jobs_waiting.clone(),
        );
        registry.register(
            "jobs_oldest_due_seconds",
            "How long the longest-waiting due job of each kind has waited",
            m.jobs_oldest_seconds.clone(),
        );
        registry.register(
            "jobs_failed",
            "Jobs parked as failed, not discarded (Admin → Jobs)",
            m.jobs_failed.clone(),
        );
        registry.register(
            "outbox_unsent",
            "E-mail in the outbox not sent yet",
            m.unsent_mail.clone(),
        );
        registry.register(
            "comments_waiting",
            "Comments waiting for a moderator",
            m.comments_waiting.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections",
            m.pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle",
            "Idle database connections",
            m.pool_idle.clone(),
        );
        Metrics { registry, ..m }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Count every request by the route it matched and its status.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let started = Instant::now();
    let res = next.run(req).await;
    let m = &state.metrics;
    m.requests
        .get_or_create(&vec![
            ("route", route.clone()),
            ("status", res.status().as_u16().to_string()),
        ])
        .inc();
    m.latency
        .get_or_create(&vec![("route", route)])
        .observe(started.elapsed().as_secs_f64());
    res
}

/// `GET /metrics`: 404 unless `metrics_token` is set; then only with
/// `Authorization: Bearer <token>`.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = &state.settings.metrics_token.0;
    if token.is_empty() {
        return crate::AppError::NotFound(None).into_response();
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| crate::session::constant_time_eq(g.as_bytes(), token.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics need the token\n",
        )
            .into_response();
    }
    let m = &state.metrics;
    match state.store.queue_figures().await {
        Ok(f) => {
            let now = state.now();
            m.jobs_waiting.clear();
            m.jobs_oldest_seconds.clear();
            for (kind, n, earliest) in f.jobs_waiting {
                let labels = vec![("kind", kind)];
                m.jobs_waiting.get_or_create(&labels).set(n);
                m.jobs_oldest_seconds
                    .get_or_create(&labels)
                    .set((now - earliest).max(0));
            }
            m.jobs_failed.set(f.jobs_failed);
            m.unsent_mail.set(f.unsent_mail);
            m.comments_waiting.set(f.comments_waiting);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read the queues"),
    }
    let (open, idle) = state.store.pool_use();
    m.pool_connections.set(i64::from(open));
    m.pool_idle.set(idle as i64);
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::prometheus_text::encode(&mut body, &m.registry) {
        return crate::AppError::Internal(anyhow::anyhow!("metrics: {e}")).into_response();
    }
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    crate::routes::private(res)
}

/// `GET /readyz`: 200 when this node can serve — the database answers,
/// every migration this build knows is applied, and the worker (if this
/// node runs one) came round recently; else 503 saying what is wrong.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let mut problems = Vec::new();
    match state.store.migrations_current().await {
        Ok(true) => {}
        Ok(false) => problems.push("migrations: not current (run `lykta migrate`)".to_owned()),
        Err(e) => problems.push(format!("database: {e}")),
    }
    let worker = if state.settings.worker {
        match state.worker.beat_age() {
            Some(age) if age <= WORKER_STUCK_SECONDS => format!("worker: ok ({age} s ago)"),
            Some(age) => {
                problems.push(format!("worker: stuck (last came round {age} s ago)"));
                String::new()
            }
            None => {
                problems.push("worker: not started".to_owned());
                String::new()
            }
        }
    } else {
        "worker: off on this node".to_owned()
    };
    let res = if problems.is_empty() {
        (
            StatusCode::OK,
            format!("ready\ndatabase: ok\nmigrations: current\n{worker}\n"),
        )
    } else {
        tracing::warn!(problems = ?problems, "not ready");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready\n{}\n", problems.join("\n")),
        )
    };
    crate::routes::private(res.into_response())
}
