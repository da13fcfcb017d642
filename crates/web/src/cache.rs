//! The rendered-page cache: anonymous GETs of public pages are rendered once
//! per content version and kept as bytes, with gzip and brotli variants and a
//! strong ETag (304 on `If-None-Match`).
//!
//! Invalidation follows the event log: every change to public content
//! writes a domain event in its own transaction (`lykta_store::events`), and
//! a node empties its cache when the log's last id moves — at once after a
//! successful state-changing request on this node ([`follow_changes`]) and
//! every [`POLL`] for changes by other nodes, jobs and commands. A page whose
//! render began before a clear is never stored, so no stale page survives a
//! change on the node where it happened.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How often a node looks for changes made by other nodes.
pub const POLL: Duration = Duration::from_millis(500);
/// Largest page kept, and all pages together (all encodings counted).
pub const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: usize = 24 * 1024 * 1024;
/// Public pages whose whole query is part of the key.
const SEARCH_PATHS: [&str; 2] = ["/sok", "/search"];
/// Longest cache key (path and query).
const MAX_KEY: usize = 300;

struct Entry {
    status: StatusCode,
    content_type: HeaderValue,
    etag: String,
    identity: Bytes,
    gzip: Bytes,
    br: Bytes,
}

impl Entry {
    fn size(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.br.len()
    }
}

pub struct PageCache {
    enabled: bool,
    version: AtomicI64,
    /// The event log's last id when last looked at.
    seen_event: AtomicI64,
    entries: RwLock<HashMap<String, Arc<Entry>>>,
    bytes: AtomicUsize,
    /// Error pages as anonymous readers see them, by content version: a flood
    /// of refused or unknown requests costs a look-up, not a render each.
    error_pages: RwLock<(i64, HashMap<ErrorPageKey, Bytes>)>,
}

/// What an anonymous reader's error page depends on: status, message, the
/// page's language and the reader's preference.
pub type ErrorPageKey = (
    u16,
    &'static str,
    lykta_domain::Language,
    Option<lykta_domain::Language>,
);

impl PageCache {
    pub fn new(enabled: bool) -> Self {
        PageCache {
            enabled,
            version: AtomicI64::new(0),
            seen_event: AtomicI64::new(i64::MIN),
            entries: RwLock::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            error_pages: RwLock::new((0, HashMap::new())),
        }
    }

    /// The error page rendered for `key` at `version`, if kept.
    pub fn error_page(&self, key: &ErrorPageKey, version: i64) -> Option<Bytes> {
        let pages = self.error_pages.read().ok()?;
        (self.enabled && pages.0 == version)
            .then(|| pages.1.get(key).cloned())
            .flatten()
    }

    /// Keep an error page rendered at `version` (the keys are few: statuses,
    /// messages and languages are the code's own).
    pub fn keep_error_page(&self, key: ErrorPageKey, version: i64, html: Bytes) {
        let Ok(mut pages) = self.error_pages.write() else {
            return;
        };
        if !self.enabled || self.version.load(Ordering::SeqCst) != version {
            return;
        }
        if pages.0 != version {
            *pages = (version, HashMap::new());
        }
        pages.1.insert(key, html);
    }

    /// The content version this node is at; it moves on every change.
    pub fn version(&self) -> i64 {
        self.version.load(Ordering::SeqCst)
    }

    /// Forget every page (content changed).
    pub fn clear(&self) {
        self.version.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut e) = self.entries.write() {
            e.clear();
            self.bytes.store(0, Ordering::SeqCst);
        }
    }

    /// The last event of the log this node has followed.
    pub fn seen_event(&self) -> i64 {
        self.seen_event.load(Ordering::SeqCst).max(0)
    }

    /// Adopt the event log's last id; clear if it moved and `public` says
    /// something readers see changed in between (staff-only events — a
    /// draft saved, a comment held — move the log but change no page).
    pub fn observe(&self, last_event: i64, public: bool) {
        // The first look clears too: pages built before it may predate a
        // change another node made while this one was starting.
        let before = self.seen_event.swap(last_event, Ordering::SeqCst);
        if before != last_event && (public || before == i64::MIN) {
            self.clear();
        }
    }

    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.entries.read().ok()?.get(key).cloned()
    }

    fn insert(&self, key: String, entry: Entry, rendered_at_version: i64) {
        let size = entry.size();
        let Ok(mut map) = self.entries.write() else {
            return;
        };
        // A change landed while this page was rendering: it may be stale.
        if self.version.load(Ordering::SeqCst) != rendered_at_version {
            return;
        }
        if self.bytes.load(Ordering::SeqCst) + size > MAX_TOTAL_BYTES {
            map.clear();
            self.bytes.store(0, Ordering::SeqCst);
        }
        self.bytes.fetch_add(size, Ordering::SeqCst);
        if let Some(old) = map.insert(key, Arc::new(entry)) {
            self.bytes.fetch_sub(old.size(), Ordering::SeqCst);
        }
    }
}

/// The entry for a page ([`page_key`]): where the organisation publishes in
/// both languages, one per language the reader asked for
/// ([`crate::lang::preference`]: the pages' own words follow it).
async fn cache_key(state: &crate::AppState, headers: &HeaderMap, page: &str) -> Option<String> {
    // A site that cannot be read makes no key (and the page says why).
    let bilingual = state.site().await.ok()?.bilingual();
    let lang = match bilingual {
        true => crate::lang::preference(headers).map_or("", |l| l.as_str()),
        false => "",
    };
    Some(format!("{lang}|{page}"))
}

/// Only anonymous readers' GETs of public pages, with at most a page number.
fn page_key(req: &Request) -> Option<std::borrow::Cow<'_, str>> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let signed_in = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.contains(crate::session::COOKIE));
    if signed_in {
        return None;
    }
    let path = req.uri().path();
    let excluded = ["/admin", "/sign-", "/media/", "/assets/", "/healthz"];
    if path.len() > MAX_KEY || excluded.iter().any(|p| path.starts_with(p)) {
        return None;
    }
    match req.uri().query() {
        None => Some(std::borrow::Cow::Borrowed(path)),
        // Search results are public pages like any other, one per query.
        Some(q) if SEARCH_PATHS.contains(&path) && path.len() + q.len() < MAX_KEY => {
            Some(std::borrow::Cow::Owned(format!("{path}?{q}")))
        }
        Some(q)
            if q.strip_prefix("page=").is_some_and(|n| {
                !n.is_empty() && n.len() < 7 && n.bytes().all(|b| b.is_ascii_digit())
            }) =>
        {
            Some(std::borrow::Cow::Owned(format!("{path}?{q}")))
        }
        Some(_) => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// The best encoding the client accepts (q=0 means "not acceptable").
fn negotiate(headers: &HeaderMap) -> Encoding {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let q_zero = it.any(|p| {
                let p = p.trim();
                p.strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            coding.eq_ignore_ascii_case(name) && !q_zero
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim() == "*"
                || v.split(',').any(|t| {
                    t.trim()
                        .trim_start_matches("W/")
                        .trim_matches('"')
                        .split('-')
                        .next()
                        == Some(etag)
                })
        })
}

fn respond(entry: &Entry, req_headers: &HeaderMap, head: bool) -> Response {
    let enc = negotiate(req_headers);
    let (body, suffix, coding) = match enc {
        Encoding::Brotli => (entry.br.clone(), "-br", Some("br")),
        Encoding::Gzip => (entry.gzip.clone(), "-gz", Some("gzip")),
        Encoding::Identity => (entry.identity.clone(), "", None),
    };
    let etag = format!("\"{}{suffix}\"", entry.etag);
    let mut res = if not_modified(req_headers, &entry.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let len = body.len();
        let mut r = if head {
            Response::new(Body::empty())
        } else {
            Response::new(Body::from(body))
        };
        *r.status_mut() = entry.status;
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, entry.content_type.clone());
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        if let Some(c) = coding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
        }
        r
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, accept-language, cookie"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    res
}

fn compress(identity: &[u8]) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(identity)?;
    let gz = gz.finish()?;
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 9, 22);
        w.write_all(identity)?;
    }
    Ok((gz, br))
}

/// The middleware.
pub async fn page_cache(
    State(state): State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let cache = &state.cache;
    // Taken before the key: a page whose key was made from an older site
    // (one language or two) is not stored.
    let version = cache.version.load(Ordering::SeqCst);
    let page = match cache.enabled {
        true => page_key(&req).map(std::borrow::Cow::into_owned),
        false => None,
    };
    let key = match page {
        Some(page) => cache_key(&state, req.headers(), &page).await,
        None => None,
    };
    let Some(key) = key else {
        return next.run(req).await;
    };
    let head = *req.method() == Method::HEAD;
    if let Some(entry) = cache.get(&key) {
        state.metrics.cache_hits.inc();
        return respond(&entry, req.headers(), head);
    }
    state.metrics.cache_misses.inc();
    let req_headers = req.headers().clone();
    let res = next.run(req).await;
    let cacheable_status = matches!(
        res.status(),
        StatusCode::OK | StatusCode::NOT_FOUND | StatusCode::GONE
    );
    let private = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("private") || v.contains("no-store"));
    let Some(content_type) = res.headers().get(header::CONTENT_TYPE).cloned() else {
        return res;
    };
    if !cacheable_status || private || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let identity = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let work = identity.clone();
    let compressed = tokio::task::spawn_blocking(move || compress(&work)).await;
    let Ok(Ok((gz, br))) = compressed else {
        return Response::from_parts(parts, Body::from(identity));
    };
    let digest = Sha256::digest(&identity);
    let entry = Entry {
        status: parts.status,
        content_type,
        etag: hex::encode(&digest[..12]),
        identity,
        gzip: Bytes::from(gz),
        br: Bytes::from(br),
    };
    let res = respond(&entry, &req_headers, head);
    cache.insert(key, entry, version);
    res
}

/// After a successful state-changing request, follow the event log at once,
/// so the node where a change happened never serves a stale page. What
/// changed nothing readers see (a comment held for moderation, a report, a
/// draft) wrote no event and empties nothing.
pub async fn follow_changes(
    State(state): State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !req.uri().path().starts_with("/sign-");
    let res = next.run(req).await;
    if changes && (res.status().is_success() || res.status().is_redirection()) {
        if let Err(e) = state.follow_events().await {
            tracing::warn!(error = %format!("{e:#}"), "cannot read the event log");
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn encodings_are_negotiated() {
        assert!(
            negotiate(&headers(&[("accept-encoding", "gzip, deflate, br")])) == Encoding::Brotli
        );
        assert!(negotiate(&headers(&[("accept-encoding", "gzip, br;q=0")])) == Encoding::Gzip);
        assert!(negotiate(&headers(&[("accept-encoding", "identity")])) == Encoding::Identity);
        assert!(negotiate(&headers(&[])) == Encoding::Identity);
    }

    #[test]
    fn etags_match_any_encoding_of_the_same_bytes() {
        assert!(not_modified(
            &headers(&[("if-none-match", "\"abc-br\"")]),
            "abc"
        ));
        assert!(not_modified(
            &headers(&[("if-none-match", "W/\"abc\", \"x\"")]),
            "abc"
        ));
        assert!(!not_modified(
            &headers(&[("if-none-match", "\"abd\"")]),
            "abc"
        ));
    }

    #[test]
    fn a_page_rendered_before_a_change_is_not_stored() {
        let c = PageCache::new(true);
        let entry = || Entry {
            status: StatusCode::OK,
            content_type: HeaderValue::from_static("text/html"),
            etag: "e".into(),
            identity: Bytes::from_static(b"x"),
            gzip: Bytes::new(),
            br: Bytes::new(),
        };
        let v = c.version.load(Ordering::SeqCst);
        c.clear();
        c.insert("/".into(), entry(), v);
        assert!(c.get("/").is_none());
        let v = c.version.load(Ordering::SeqCst);
        c.insert("/".into(), entry(), v);
        assert!(c.get("/").is_some());
    }
}
