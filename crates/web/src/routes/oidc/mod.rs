//! Employee sign-in by OpenID Connect, beside local accounts: the flow in
//! the browser. The protocol is [`client`]'s; who the person is (found by
//! their identity, linked by a verified e-mail, or created) is the
//! application layer's (`lykta_app::accounts`).
//!
//! `GET /sign-in/oidc/{provider}` sends the browser to the provider's
//! authorization endpoint; what the way back needs — the PKCE verifier, the
//! nonce, where to go next — stays in the database (`oidc_attempts`, keyed
//! by the SHA-256 of `state`, used once, ten minutes), tied to the browser
//! by a cookie. `GET /sign-in/oidc/{provider}/callback` checks that state
//! and cookie, lets the client identify the person, and signs them in.
//!
//! Discovery is done on first use and kept per provider, so Lykta starts
//! while a provider is down; then sign-in with it answers 502.
//! Anything refused gets an error page in the site's language and creates
//! nothing.

mod client;

use super::auth::{safe_next, start_session};
use crate::error::{AppError, ErrorPage};
use crate::routes::Routes;
use crate::session::{random_token, token_hash};
use crate::settings::OidcProvider;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lykta_app::accounts::{ProviderPolicy, SignInRefusal};
use lykta_store::{OidcAttempt, StoreError};
use serde::Deserialize;

pub use client::OidcCache;

/// The cookie that ties a sign-in attempt to the browser that began it.
const BROWSER_COOKIE: &str = "lykta_oidc";

pub fn routes() -> Routes {
    Routes::new()
        .route("/sign-in/oidc/{provider}", get(start))
        .route("/sign-in/oidc/{provider}/callback", get(callback))
}

/// A sign-in refused: a status and a message key for the error page, and
/// the reason for the log. Or an internal error.
#[derive(Debug)]
pub(super) enum Refused {
    Page {
        status: StatusCode,
        key: &'static str,
        reason: String,
    },
    App(AppError),
}

impl Refused {
    pub(super) fn page(
        status: StatusCode,
        key: &'static str,
        reason: impl Into<String>,
    ) -> Refused {
        Refused::Page {
            status,
            key,
            reason: reason.into(),
        }
    }
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::App(e)
    }
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::App(e.into())
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Page {
                status,
                key,
                reason,
            } => {
                tracing::warn!(
                    status = status.as_u16(),
                    key,
                    reason,
                    "OpenID Connect sign-in refused"
                );
                let mut res = status.into_response();
                res.extensions_mut().insert(ErrorPage { key, lang: None });
                res
            }
            Refused::App(e) => e.into_response(),
        }
    }
}

fn provider<'a>(state: &'a AppState, id: &str) -> Result<&'a OidcProvider, Refused> {
    state
        .settings
        .oidc_providers
        .iter()
        .find(|p| p.id == id)
        .ok_or(Refused::App(AppError::NotFound(None)))
}

fn redirect_uri(state: &AppState, p: &OidcProvider) -> String {
    format!("{}/sign-in/oidc/{}/callback", state.base_url, p.id)
}

fn browser_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, v)| *k == BROWSER_COOKIE && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

fn browser_cookie_header(
    state: &AppState,
    value: &str,
    max_age: i64,
) -> Result<HeaderValue, AppError> {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    // Lax: the provider sends the browser back with a top-level GET.
    format!("{BROWSER_COOKIE}={value}; Path=/sign-in/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
        .parse()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

#[derive(Deserialize)]
struct StartQuery {
    next: Option<String>,
}

async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<StartQuery>,
    headers: HeaderMap,
) -> Response {
    match begin(&state, &id, q.next.as_deref(), &headers).await {
        Ok(res) => super::private(res),
        Err(refused) => refused.into_response(),
    }
}

async fn begin(
    state: &AppState,
    id: &str,
    next: Option<&str>,
    headers: &HeaderMap,
) -> Result<Response, Refused> {
    let p = provider(state, id)?;
    let started = state.oidc.start(p, &redirect_uri(state, p)).await?;
    let browser = browser_cookie(headers)
        .filter(|v| {
            v.len() == 43
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .unwrap_or_else(random_token);
    let attempt = OidcAttempt {
        provider: p.id.clone(),
        pkce_verifier: started.pkce_verifier,
        nonce: started.nonce,
        next_path: safe_next(next),
        browser_hash: token_hash(&browser),
    };
    state
        .store
        .create_oidc_attempt(&token_hash(&started.state), &attempt, state.now())
        .await?;
    let mut res = Redirect::to(&started.url).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        browser_cookie_header(state, &browser, lykta_store::OIDC_ATTEMPT_SECONDS)?,
    );
    Ok(res)
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    iss: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CallbackQuery>,
    headers: HeaderMap,
) -> Response {
    match complete(&state, &id, q, &headers).await {
        Ok(mut res) => {
            if let Ok(clear) = browser_cookie_header(&state, "", 0) {
                res.headers_mut().append(header::SET_COOKIE, clear);
            }
            res
        }
        Err(refused) => super::private(refused.into_response()),
    }
}

fn bad_state(reason: &str) -> Refused {
    Refused::page(StatusCode::BAD_REQUEST, "error-oidc-state", reason)
}

async fn complete(
    state: &AppState,
    id: &str,
    q: CallbackQuery,
    headers: &HeaderMap,
) -> Result<Response, Refused> {
    let p = provider(state, id)?;
    let Some(state_param) = q
        .state
        .as_deref()
        .filter(|s| !s.is_empty() && s.len() <= 512)
    else {
        return Err(bad_state("no state"));
    };
    let now = state.now();
    // Used up here, whatever happens next: a state works once.
    let Some(attempt) = state
        .store
        .take_oidc_attempt(&token_hash(state_param), now)
        .await?
    else {
        return Err(bad_state("unknown, used or expired state"));
    };
    if attempt.provider != p.id {
        return Err(bad_state("state belongs to another provider"));
    }
    let same_browser =
        browser_cookie(headers).is_some_and(|b| token_hash(&b) == attempt.browser_hash);
    if !same_browser {
        return Err(bad_state("state from another browser"));
    }
    if let Some(error) = q.error {
        return Err(Refused::page(
            StatusCode::FORBIDDEN,
            "error-oidc-denied",
            format!(
                "provider said {error}: {}",
                q.error_description.unwrap_or_default()
            ),
        ));
    }
    let Some(code) = q.code.filter(|c| !c.is_empty()) else {
        return Err(bad_state("no code"));
    };
    let answer = client::Answer {
        code,
        iss: q.iss,
        pkce_verifier: &attempt.pkce_verifier,
        nonce: &attempt.nonce,
    };
    let person = state
        .oidc
        .identify(p, &redirect_uri(state, p), answer, now)
        .await?;
    let policy = ProviderPolicy {
        id: &p.id,
        requires_employee: p.employee_claim.is_some(),
        trust_email: p.trust_email,
        role: p.role,
    };
    let user = match state.app.sign_in_with_provider(&policy, &person).await {
        Ok(Ok(user)) => user,
        Ok(Err(why)) => {
            let status = match why {
                SignInRefusal::EmailTaken => StatusCode::CONFLICT,
                _ => StatusCode::FORBIDDEN,
            };
            let reason = format!("subject {:?}: {why:?}", person.subject);
            return Err(Refused::page(status, why.key(), reason));
        }
        Err(e) => return Err(Refused::App(e.into())),
    };
    tracing::info!(user = %user.id, provider = %p.id, "signed in by OpenID Connect");
    Ok(start_session(state, user.id, &attempt.next_path).await?)
}
