//! Accepting an invitation: `/invitation/{secret}`. A signed-in person joins
//! with their account; anyone else creates one (the address is the one the
//! invitation was sent to). The link works once, until it expires, unless
//! revoked; every other case gets a page that says which.

use super::auth::start_session;
use super::forms::{error_map, Fields};
use super::{own_page_context, private, render};
use crate::error::AppResult;
use crate::lang::Preferred;
use crate::routes::Routes;
use crate::session::{token_hash, Viewer};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lykta_app::accounts::Acceptance;
use lykta_domain::{required_text, Email, FieldErrors};
use lykta_store::{Invitation, InvitationUnusable, StoreError};
use minijinja::{context, Value};

pub fn routes() -> Routes {
    Routes::new().route("/invitation/{token}", get(show).post(accept))
}

/// The invitation behind a link, or the page saying why it cannot be used.
enum Looked {
    Usable(Invitation),
    Refused(Response),
}

async fn look_up(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    token: &str,
) -> AppResult<Looked> {
    let inv = match state.store.invitation_by_token(&token_hash(token)).await {
        Ok(i) => i,
        Err(StoreError::NotFound) => {
            let page = page(
                state,
                viewer,
                preferred,
                token,
                StatusCode::NOT_FOUND,
                None,
                Some("error-invitation-unknown"),
                Value::from(()),
                &FieldErrors::default(),
            )
            .await?;
            return Ok(Looked::Refused(page));
        }
        Err(e) => return Err(e.into()),
    };
    let why = match inv.unusable(state.now()) {
        None => return Ok(Looked::Usable(inv)),
        Some(InvitationUnusable::Used) => "error-invitation-used",
        Some(InvitationUnusable::Revoked) => "error-invitation-revoked",
        Some(InvitationUnusable::Expired) => "error-invitation-expired",
    };
    let page = page(
        state,
        viewer,
        preferred,
        token,
        StatusCode::GONE,
        Some(&inv),
        Some(why),
        Value::from(()),
        &FieldErrors::default(),
    )
    .await?;
    Ok(Looked::Refused(page))
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    token: &str,
    status: StatusCode,
    inv: Option<&Invitation>,
    error: Option<&str>,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let (lang, layout) = own_page_context(state, viewer, preferred, None).await?;
    let has_account = match (inv, &viewer.0) {
        (Some(i), None) => match Email::parse(&i.email) {
            Ok(e) => state.store.user_for_sign_in(&e).await?.is_some(),
            Err(_) => false,
        },
        _ => false,
    };
    let ctx = context! {
        ..context! {
            inv => inv,
            error => error,
            values => values,
            errors => error_map(errors),
            has_account => has_account,
            sign_in_next => format!("/invitation/{token}"),
            signed_in_as => viewer.0.as_ref().map(|s| s.user.name.clone()),
            robots => "noindex, nofollow",
            meta => context! { title => state.t(lang, "invitation-title") },
        },
        ..layout
    };
    Ok(private(
        (status, render(state, "invitation.html", ctx)?).into_response(),
    ))
}

async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match look_up(&state, &viewer, preferred, &token).await? {
        Looked::Refused(r) => Ok(r),
        Looked::Usable(inv) => {
            page(
                &state,
                &viewer,
                preferred,
                &token,
                StatusCode::OK,
                Some(&inv),
                None,
                Value::from(()),
                &FieldErrors::default(),
            )
            .await
        }
    }
}

async fn accept(
    State(state): State<AppState>,
    viewer: Viewer,
    preferred: Preferred,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let inv = match look_up(&state, &viewer, preferred, &token).await? {
        Looked::Refused(r) => return Ok(r),
        Looked::Usable(inv) => inv,
    };
    let hash = token_hash(&token);
    if let Some(s) = &viewer.0 {
        return match state
            .app
            .accept_invitation(&hash, Acceptance::SignedIn(s.user.id))
            .await
        {
            Ok((_, blog_id)) => Ok(super::staff::see_other(&format!("/admin/blogs/{blog_id}"))),
            Err(lykta_app::Error::Refused(_)) => {
                refused_now(&state, &viewer, preferred, &token).await
            }
            Err(e) => Err(e.into()),
        };
    }
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 120));
    let password = e.check("password", lykta_domain::Password::parse(f.get("password")));
    if let (Some(name), Some(password), true) = (&name, password, e.is_empty()) {
        let who = Acceptance::NewAccount { name, password };
        match state.app.accept_invitation(&hash, who).await {
            Ok((user_id, blog_id)) => {
                return start_session(&state, user_id, &format!("/admin/blogs/{blog_id}")).await
            }
            Err(lykta_app::Error::Invalid(more)) => e.0.extend(more.0),
            Err(lykta_app::Error::Refused(_)) => {
                return refused_now(&state, &viewer, preferred, &token).await
            }
            Err(e) => return Err(e.into()),
        }
    }
    page(
        &state,
        &viewer,
        preferred,
        &token,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(&inv),
        None,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

/// The link was used, revoked or expired while the form was open.
async fn refused_now(
    state: &AppState,
    viewer: &Viewer,
    preferred: Preferred,
    token: &str,
) -> AppResult<Response> {
    match look_up(state, viewer, preferred, token).await? {
        Looked::Refused(r) => Ok(r),
        Looked::Usable(_) => Err(crate::AppError::Conflict("error-invitation-used")),
    }
}
