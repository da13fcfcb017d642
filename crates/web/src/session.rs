//! Sessions, the signed-in viewer and CSRF protection.
//!
//! A session is a random 32-byte token in an HttpOnly, SameSite=Lax cookie;
//! the database keeps only its SHA-256. Every state-changing request is
//! checked twice: its `Origin`/`Sec-Fetch-Site` must be this site, and if the
//! viewer is signed in, it must carry the session's CSRF token (form field
//! `csrf`, or `?csrf=` for multipart uploads).

use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, request::Parts, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lykta_domain::Actor;
use lykta_store::User;

pub const COOKIE: &str = "lykta_session";
pub use lykta_app::accounts::SESSION_SECONDS;

/// A signed-in staff member.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: User,
    pub actor: Actor,
    pub csrf: String,
    /// The SHA-256 of this session's token (what the store keeps).
    pub session_hash: String,
    /// The internal blogs this person may read (the site's navigation
    /// offers them).
    pub internal_blogs: Vec<lykta_store::Blog>,
}

/// Whoever is making the request: signed in or anonymous.
#[derive(Clone, Debug)]
pub struct Viewer(pub Option<SignedIn>);

impl Viewer {
    pub fn actor(&self) -> Option<&Actor> {
        self.0.as_ref().map(|s| &s.actor)
    }
}

pub use lykta_app::secrets::{random_token, token_hash};

pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
}

async fn load_viewer(state: &AppState, headers: &HeaderMap) -> Result<Viewer, AppError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(Viewer(None));
    };
    let now = state.now();
    let session_hash = token_hash(&token);
    let Some((user, csrf)) = state.store.session_user(&session_hash, now).await? else {
        return Ok(Viewer(None));
    };
    let actor = state.store.actor(&user, now).await?;
    Ok(Viewer(Some(SignedIn {
        internal_blogs: state.app.internal_blogs(&actor).await?,
        actor,
        user,
        csrf,
        session_hash,
    })))
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        let v = load_viewer(state, &parts.headers).await?;
        parts.extensions.insert(v.clone());
        Ok(v)
    }
}

/// A signed-in staff member, or a redirect to the sign-in page.
pub struct Staff(pub SignedIn);

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match Viewer::from_request_parts(parts, state).await?.0 {
            Some(s) => Ok(Staff(s)),
            None => Err(AppError::SignInRequired {
                next: parts.uri.path().to_owned(),
            }),
        }
    }
}

pub fn session_cookie(state: &AppState, token: &str, max_age: i64) -> String {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Largest form body read by the CSRF check (uploads are multipart and not buffered).
const MAX_FORM_BYTES: usize = 512 * 1024;

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// CSRF protection for every state-changing request.
pub async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // One-click unsubscribe (RFC 8058): mail clients POST from anywhere,
    // with no session; the secret in the address is what authorises it.
    let path = req.uri().path();
    if crate::routes::ONE_CLICK_PREFIXES
        .iter()
        .any(|p| path.starts_with(p))
    {
        return next.run(req).await;
    }
    let headers = req.headers();
    let cross_site = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => !matches!(site, "same-origin" | "none"),
        None => match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some(origin) => {
                let host = headers
                    .get(header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                origin != state.base_url && origin.split("://").nth(1) != Some(host)
            }
            None => false,
        },
    };
    if cross_site {
        return forbidden_csrf();
    }
    let viewer = match load_viewer(&state, req.headers()).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let Some(signed_in) = viewer.0.clone() else {
        // Anonymous: only signing in is possible, and the origin check covers it.
        return next.run(req).await;
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    // In the address only for uploads, whose multipart body is not buffered
    // here; anywhere else a token in the address (which leaks into logs and
    // Referer headers) does not count.
    let query_token = req
        .uri()
        .query()
        .filter(|_| content_type.starts_with("multipart/form-data"))
        .and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "csrf")
                .map(|(_, v)| v.into_owned())
        });
    let (mut parts, body) = req.into_parts();
    let (token, body) = if is_form {
        let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
            Ok(b) => b,
            Err(_) => return AppError::TooLarge.into_response(),
        };
        let t = url::form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned());
        (t, Body::from(bytes))
    } else {
        (query_token, body)
    };
    match token {
        Some(t) if constant_time_eq(t.as_bytes(), signed_in.csrf.as_bytes()) => {
            parts.extensions.insert(viewer);
            next.run(Request::from_parts(parts, body)).await
        }
        _ => forbidden_csrf(),
    }
}

fn forbidden_csrf() -> Response {
    AppError::Csrf.into_response()
}

/// The viewer for a request's headers; anonymous if the session cannot be read.
pub async fn viewer_from_headers(state: &AppState, headers: &HeaderMap) -> Viewer {
    load_viewer(state, headers).await.unwrap_or(Viewer(None))
}
