//! Routes, grouped by who calls them: public readers (`public`, `feeds`),
//! staff signing in (`auth`) and working (`admin`, `media`).

mod admin;
mod assets;
mod auth;
mod calendar;
mod channel_table;
mod channels;
mod comments;
mod editor;
mod feeds;
mod follow;
mod forms;
mod guidelines;
mod incidents;
mod invitation;
mod jobs;
mod media;
mod oidc;
mod password;
mod plan;
mod public;
mod record;
mod search;
mod spokes;
mod staff;
mod subscriptions;
mod surveys;
mod syndication;
mod syndication_bluesky;

pub(crate) use oidc::OidcCache;
pub(crate) use subscriptions::ONE_CLICK_PREFIXES;

use crate::error::ErrorPage;
use crate::session::{csrf_guard, Viewer};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::Router;
use lykta_domain::Language;
use minijinja::Value;

/// Routes that remember their path patterns, so a test can walk every
/// route the server answers ([`route_patterns`]) instead of a hand list.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    patterns: Vec<&'static str>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    pub fn route(mut self, path: &'static str, method: MethodRouter<AppState>) -> Routes {
        self.router = self.router.route(path, method);
        self.patterns.push(path);
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.patterns.extend(other.patterns);
        self
    }
}

fn all_routes() -> Routes {
    Routes::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(crate::metrics::readyz))
        .route("/metrics", get(crate::metrics::metrics))
        .merge(assets::routes())
        .merge(auth::routes())
        .merge(oidc::routes())
        .merge(calendar::routes())
        .merge(channels::routes())
        .merge(syndication::routes())
        .merge(spokes::routes())
        .merge(channel_table::routes())
        .merge(surveys::routes())
        .merge(guidelines::routes())
        .merge(incidents::routes())
        .merge(comments::routes())
        .merge(record::routes())
        .merge(invitation::routes())
        .merge(password::routes())
        .merge(subscriptions::routes())
        .merge(admin::routes())
        .merge(editor::routes())
        .merge(jobs::routes())
        .merge(plan::routes())
        .merge(media::routes())
        .merge(feeds::routes())
        .merge(search::routes())
        .merge(follow::routes())
        .merge(public::routes())
}

/// Every path pattern the server answers (`/admin/posts/{id}`, …), each
/// once, in the order they were added.
pub fn route_patterns() -> Vec<&'static str> {
    let mut seen = std::collections::HashSet::new();
    let mut patterns = all_routes().patterns;
    patterns.retain(|p| seen.insert(*p));
    patterns
}

pub fn router(state: AppState) -> Router {
    all_routes()
        .router
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::cache::follow_changes,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), csrf_guard))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::admission::admit_anonymous,
        ))
        .layer(middleware::from_fn(announced_body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::cache::page_cache,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::lang::switch,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::record,
        ))
        .layer(
            // One span per request, named by its id (the proxy's
            // `x-request-id`, or a new UUID), so every log line of a request
            // can be found; the path without its query (which may hold a token).
            tower_http::trace::TraceLayer::new_for_http().make_span_with(|req: &Request| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
            })
            // A 503 is a refusal already counted (and logged once a second by
            // `admission`), not a failure: under a flood a line for each
            // would cost more than the refusal. Other 5xx are logged.
            .on_failure(
                |class: tower_http::classify::ServerErrorsFailureClass,
                 latency: std::time::Duration,
                 _: &tracing::Span| {
                    let busy = matches!(
                        class,
                        tower_http::classify::ServerErrorsFailureClass::StatusCode(s)
                            if s == StatusCode::SERVICE_UNAVAILABLE
                    );
                    if !busy {
                        tracing::error!(%class, latency_ms = latency.as_millis() as u64, "response failed");
                    }
                },
            ),
        )
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
        .with_state(state)
}

/// The largest body any route takes: an image upload with its form.
pub const MAX_BODY_BYTES: u64 = media::MAX_UPLOAD_BYTES as u64 + 64 * 1024;

/// A request that announces a body larger than any route takes is refused
/// at once with 413, before a byte of it is read.
async fn announced_body_limit(req: Request, next: Next) -> Response {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_BODY_BYTES) {
        let mut res = crate::error::AppError::TooLarge.into_response();
        // The rest of the body is not read: the connection cannot be reused.
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return res;
    }
    next.run(req).await
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// The headers every answer carries (a handler may set its own first), and
/// HSTS when the site runs behind HTTPS (`secure_cookies`).
async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use axum::http::HeaderName;
    const DEFAULTS: [(HeaderName, &str); 6] = [
        (
            HeaderName::from_static("content-security-policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
        (HeaderName::from_static("x-content-type-options"), "nosniff"),
        (HeaderName::from_static("referrer-policy"), "strict-origin-when-cross-origin"),
        (HeaderName::from_static("x-frame-options"), "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
        ),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (k, v) in DEFAULTS {
        h.entry(k).or_insert(HeaderValue::from_static(v));
    }
    if state.settings.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// Render the page for an [`ErrorPage`] marker left by `AppError`.
async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cookies = req.headers().get(header::COOKIE).cloned();
    let preferred = crate::lang::Preferred(crate::lang::preference(req.headers()));
    let res = next.run(req).await;
    let Some(page) = res.extensions().get::<ErrorPage>().cloned() else {
        return res;
    };
    let mut headers = axum::http::HeaderMap::new();
    if let Some(c) = cookies {
        headers.insert(header::COOKIE, c);
    }
    let viewer = crate::session::viewer_from_headers(&state, &headers).await;
    let version = state.cache.version();
    let status = res.status();
    // What the error says about the connection and when to come back stays.
    let kept: Vec<(header::HeaderName, HeaderValue)> = [header::RETRY_AFTER, header::CONNECTION]
        .into_iter()
        .filter_map(|h| res.headers().get(&h).cloned().map(|v| (h, v)))
        .collect();
    let with_kept = |mut r: Response| {
        r.headers_mut().extend(kept.clone());
        r
    };
    let site = match state.site().await {
        Ok(s) => s,
        Err(_) => return with_kept((status, "error").into_response()),
    };
    // The page's own language (a blog's), else the one the signed-in
    // person chose, else the organisation's — where the organisation
    // publishes in both languages, the reader's choice first.
    let lang = page
        .lang
        .or_else(|| viewer.0.as_ref().and_then(|s| s.user.language()))
        .unwrap_or(site.org.default_language);
    let memo = viewer
        .0
        .is_none()
        .then_some((status.as_u16(), page.key, lang, preferred.0));
    if let Some(html) = memo.and_then(|k| state.cache.error_page(&k, version)) {
        return with_kept(private((status, Html(html)).into_response()));
    }
    let ctx = minijinja::context! {
        ..minijinja::context! { status => status.as_u16(), message_key => page.key, robots => "noindex" },
        ..public_context(&state, &site, preferred, lang, &viewer)
    };
    with_kept(match render(&state, "error.html", ctx) {
        Ok(Html(html)) => {
            let html = axum::body::Bytes::from(html);
            if let Some(k) = memo {
                state.cache.keep_error_page(k, version, html.clone());
            }
            private((status, Html(html)).into_response())
        }
        Err(_) => (status, page.key).into_response(),
    })
}

/// What every page's layout needs.
pub fn base_context(
    state: &AppState,
    lang: Language,
    viewer: &Viewer,
    org: &lykta_store::Organisation,
) -> Value {
    let signed_in = viewer.0.as_ref();
    minijinja::context! {
        lang => lang.as_str(),
        org => org,
        base_url => &state.base_url,
        user => signed_in.map(|s| &s.user),
        csrf => signed_in.map(|s| s.csrf.as_str()),
        internal_blogs => signed_in.map(|s| &s.internal_blogs),
        robots => Value::from(()),
        canonical => Value::from(()),
        feeds => Value::from(()),
        meta => Value::from(()),
        jsonld => Value::from(()),
    }
}

/// The layout of a public page whose own text is in `page_lang`: its words
/// in the reader's language ([`crate::PublicSite::reader_language`]), with
/// the language switch where the organisation publishes in both.
pub fn public_context(
    state: &AppState,
    site: &crate::PublicSite,
    preferred: crate::lang::Preferred,
    page_lang: Language,
    viewer: &Viewer,
) -> Value {
    let lang = site.reader_language(preferred, page_lang);
    minijinja::context! {
        ..minijinja::context! { lang_switch => site.bilingual(), page_lang => page_lang.as_str() },
        ..base_context(state, lang, viewer, &site.org)
    }
}

/// The language and layout of Lykta's own pages for people not (yet) in
/// the admin — sign-in, password reset, invitations, the subscription
/// pages: a signed-in person keeps the language they chose; otherwise,
/// where the organisation publishes in both languages, the reader's choice
/// (`lykta_lang`, else `Accept-Language`); else `page` (a blog's language)
/// or the organisation's. The language switch shows where it counts.
pub async fn own_page_context(
    state: &AppState,
    viewer: &Viewer,
    preferred: crate::lang::Preferred,
    page: Option<Language>,
) -> Result<(Language, Value), crate::AppError> {
    let site = state.site().await?;
    let chosen = viewer.0.as_ref().and_then(|s| s.user.language());
    let lang = chosen.unwrap_or_else(|| {
        site.reader_language(preferred, page.unwrap_or(site.org.default_language))
    });
    let ctx = minijinja::context! {
        ..minijinja::context! { lang_switch => chosen.is_none() && site.bilingual() },
        ..base_context(state, lang, viewer, &site.org)
    };
    Ok((lang, ctx))
}

pub fn render(state: &AppState, name: &str, ctx: Value) -> Result<Html<String>, crate::AppError> {
    let tmpl = state
        .templates
        .get_template(name)
        .map_err(|e| anyhow::anyhow!(e))?;
    let html = tmpl
        .render(ctx)
        .map_err(|e| anyhow::anyhow!("rendering {name}: {e:#}"))?;
    Ok(Html(html))
}

/// Signed-in and internal views must never be stored by a shared cache.
pub fn private(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

/// How a CSV download is written.
pub(crate) struct CsvFormat {
    /// `;` for Swedish Excel, `,` otherwise.
    pub delimiter: u8,
    /// A UTF-8 byte-order mark first, so Excel reads the file as UTF-8.
    pub bom: bool,
}

/// A CSV file to download, for the person asking only: `rows` (the header
/// first), every cell defused against spreadsheet formulas
/// (`lykta_domain::table::cell`).
pub(crate) fn csv_download(
    file_name: &str,
    format: CsvFormat,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> crate::error::AppResult<Response> {
    let start = if format.bom {
        b"\xef\xbb\xbf".to_vec()
    } else {
        Vec::new()
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(format.delimiter)
        .from_writer(start);
    for row in rows {
        w.write_record(row.iter().map(|v| lykta_domain::table::cell(v)))
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ),
    ];
    Ok(private((headers, bytes).into_response()))
}
