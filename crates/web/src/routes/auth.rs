//! Signing in and out with a local account.

use super::{own_page_context, private, render};
use crate::error::{AppError, AppResult};
use crate::lang::Preferred;
use crate::routes::Routes;
use crate::session::{self, Viewer};
use crate::AppState;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Form;
use lykta_domain::Email;
use lykta_domain::UserId;
use minijinja::context;
use serde::Deserialize;
use std::net::SocketAddr;

/// Sign-in attempts allowed per client address in [`WINDOW`] seconds.
pub const ATTEMPTS_PER_WINDOW: u32 = 10;
pub const WINDOW: i64 = 10 * 60;

pub fn routes() -> Routes {
    Routes::new()
        .route("/sign-in", get(form).post(sign_in))
        .route("/sign-out", post(sign_out))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
    /// Set after a password was reset through a link.
    reset: Option<String>,
}

/// Only local paths, so sign-in cannot be used to send people elsewhere.
pub(super) fn safe_next(next: Option<&str>) -> String {
    let local = |n: &str| {
        n.starts_with('/')
            && !matches!(n.chars().nth(1), Some('/' | '\\'))
            && !n
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    };
    match next {
        Some(n) if local(n) => n.to_owned(),
        _ => "/admin".to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    status: StatusCode,
    next: &str,
    email: &str,
    error: Option<&str>,
    notice: Option<&str>,
) -> AppResult<Response> {
    let (lang, layout) = own_page_context(state, viewer, preferred, None).await?;
    let next_query: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
    let oidc_providers: Vec<_> = state
        .settings
        .oidc_providers
        .iter()
        .map(|p| context! { name => &p.name, href => format!("/sign-in/oidc/{}?next={next_query}", p.id) })
        .collect();
    let ctx = context! {
        ..context! { next => next, email => email, error => error, notice => notice, oidc_providers => oidc_providers, robots => "noindex", meta => context! { title => state.t(lang, "sign-in") } },
        ..layout
    };
    Ok(private(
        (status, render(state, "sign_in.html", ctx)?).into_response(),
    ))
}

async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Query(q): Query<Next>,
) -> AppResult<Response> {
    page(
        &state,
        &viewer,
        preferred,
        StatusCode::OK,
        &safe_next(q.next.as_deref()),
        "",
        None,
        q.reset.is_some().then_some("people-reset-done"),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/admin/posts/3")), "/admin/posts/3");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "/ /x",
            "/a\\b",
        ] {
            assert_eq!(safe_next(Some(bad)), "/admin", "{bad:?}");
        }
    }
}

#[derive(Deserialize)]
struct SignInForm {
    email: String,
    password: String,
    next: Option<String>,
}

fn over_rate_limit(state: &AppState, ip: std::net::IpAddr) -> bool {
    let now = state.now();
    let Ok(mut map) = state.sign_in_attempts.lock() else {
        return false;
    };
    map.retain(|_, (_, start)| now - *start < WINDOW);
    let entry = map.entry(ip).or_insert((0, now));
    entry.0 += 1;
    entry.0 > ATTEMPTS_PER_WINDOW
}

async fn sign_in(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    Form(f): Form<SignInForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    if over_rate_limit(&state, state.client_ip(addr, &headers)) {
        return Err(AppError::TooManyRequests);
    }
    let Ok(email) = Email::parse(&f.email) else {
        return page(
            &state,
            &viewer,
            preferred,
            StatusCode::UNPROCESSABLE_ENTITY,
            &next,
            &f.email,
            Some("error-email"),
            None,
        )
        .await;
    };
    if f.password.is_empty() || f.password.len() > lykta_domain::Password::MAX_BYTES {
        return page(
            &state,
            &viewer,
            preferred,
            StatusCode::UNPROCESSABLE_ENTITY,
            &next,
            &f.email,
            Some("error-password-required"),
            None,
        )
        .await;
    }
    match state.app.check_password(&email, &f.password).await {
        Ok(user) => start_session(&state, user, &next).await,
        Err(lykta_app::Error::Refused(key)) => {
            let status = StatusCode::UNAUTHORIZED;
            page(
                &state,
                &viewer,
                preferred,
                status,
                &next,
                &f.email,
                Some(key),
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Sign `user_id` in: a new session, its cookie, and a redirect to `next`.
pub(super) async fn start_session(
    state: &AppState,
    user_id: UserId,
    next: &str,
) -> AppResult<Response> {
    let token = state.app.start_session(user_id).await?;
    let mut res = Redirect::to(next).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session::session_cookie(state, &token, session::SESSION_SECONDS)
            .parse()
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    Ok(private(res))
}

async fn sign_out(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    if let Some(token) = session::cookie_token(&headers) {
        state.app.end_session(&token).await?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session::session_cookie(&state, "", 0)
            .parse()
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    Ok(private(res))
}
