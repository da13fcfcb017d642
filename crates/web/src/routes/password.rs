//! A forgotten password: `/sign-in/forgot` asks for a link by e-mail (the
//! same answer whether or not the address has an account), and
//! `/reset-password/{secret}` sets a new password with it, once, before it
//! expires; every other case gets a page that says which, with a way to
//! ask again.

use super::forms::{error_map, Fields};
use super::{own_page_context, private, render};
use crate::error::AppResult;
use crate::lang::Preferred;
use crate::routes::Routes;
use crate::session::Viewer;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lykta_app::people::ResetLink;
use lykta_domain::{FieldErrors, Password};
use minijinja::{context, Value};
use std::net::SocketAddr;

pub fn routes() -> Routes {
    Routes::new()
        .route("/sign-in/forgot", get(forgot).post(ask))
        .route("/reset-password/{token}", get(show).post(reset))
}

/// A public page in the reader's language ([`own_page_context`]), never cached.
async fn public_page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    status: StatusCode,
    template: &str,
    title: &str,
    ctx: Value,
) -> AppResult<Response> {
    let (lang, layout) = own_page_context(state, viewer, preferred, None).await?;
    let ctx = context! {
        ..ctx,
        ..context! { robots => "noindex, nofollow", meta => context! { title => state.t(lang, title) } },
        ..layout
    };
    Ok(private(
        (status, render(state, template, ctx)?).into_response(),
    ))
}

async fn forgot(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
) -> AppResult<Response> {
    let ctx = context! { email => "", sent => false };
    let ok = StatusCode::OK;
    public_page(
        &state,
        &viewer,
        preferred,
        ok,
        "forgot_password.html",
        "people-forgot-title",
        ctx,
    )
    .await
}

async fn ask(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let email = f.get("email");
    let client = state.client_ip(addr, &headers);
    let (status, ctx) = match state.app.request_password_reset(email, client).await {
        Ok(()) => (StatusCode::OK, context! { email => "", sent => true }),
        Err(lykta_app::Error::TooManyRequests) => (
            StatusCode::TOO_MANY_REQUESTS,
            context! { email => email, error => "people-forgot-too-many" },
        ),
        Err(e) => return Err(e.into()),
    };
    public_page(
        &state,
        &viewer,
        preferred,
        status,
        "forgot_password.html",
        "people-forgot-title",
        ctx,
    )
    .await
}

/// The reset form, or the page that says why the link cannot be used.
async fn reset_page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    status: StatusCode,
    unusable: Option<&str>,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let ctx = context! { unusable => unusable, errors => error_map(errors) };
    public_page(
        state,
        viewer,
        preferred,
        status,
        "reset_password.html",
        "people-reset-title",
        ctx,
    )
    .await
}

async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match state.app.password_reset_link(&token).await? {
        ResetLink::Usable => {
            let ok = StatusCode::OK;
            reset_page(
                &state,
                &viewer,
                preferred,
                ok,
                None,
                &FieldErrors::default(),
            )
            .await
        }
        ResetLink::Unusable(why) => {
            let gone = StatusCode::GONE;
            reset_page(
                &state,
                &viewer,
                preferred,
                gone,
                Some(why),
                &FieldErrors::default(),
            )
            .await
        }
    }
}

async fn reset(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let password = e.check("password", Password::parse(f.get("password")));
    let password = password.filter(|_| e.is_empty()).ok_or(e);
    match state.app.reset_password(&token, password).await {
        Ok(_) => Ok(private(Redirect::to("/sign-in?reset=1").into_response())),
        Err(lykta_app::Error::Invalid(e)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            reset_page(&state, &viewer, preferred, status, None, &e).await
        }
        Err(lykta_app::Error::Refused(why)) => {
            reset_page(
                &state,
                &viewer,
                preferred,
                StatusCode::GONE,
                Some(why),
                &FieldErrors::default(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
