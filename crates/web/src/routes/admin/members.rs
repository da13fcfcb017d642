//! A blog's team: roles, guests with an end date, invitations.

use crate::error::AppResult;
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, blog_for, see_other};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_app::team::Joining;
use lykta_domain::{Action, Email, FieldErrors};
use lykta_domain::{BlogId, InvitationId, UserId};
use minijinja::{context, Value};

async fn members_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    blog: &lykta_store::Blog,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let now = state.now();
    let invitations: Vec<Value> = state
        .store
        .invitations(blog.id)
        .await?
        .into_iter()
        .map(|i| {
            let status = match i.unusable(now) {
                None => "pending",
                Some(lykta_store::InvitationUnusable::Used) => "used",
                Some(lykta_store::InvitationUnusable::Revoked) => "revoked",
                Some(lykta_store::InvitationUnusable::Expired) => "expired",
            };
            context! { ..Value::from_serialize(&i), ..context! { status => status } }
        })
        .collect();
    let ctx = context! {
        blog => blog,
        invitations => invitations,
        members => state.store.members(blog.id).await?,
        roles => lykta_domain::BlogRole::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        values => values,
        errors => error_map(errors),
    };
    admin_page(state, s, status, "admin/members.html", "admin-members", ctx).await
}

pub(super) async fn members(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    members_page(
        &state,
        &s,
        StatusCode::OK,
        &blog,
        context! { role => "author" },
        &FieldErrors::default(),
    )
    .await
}

/// The form's fields for one person joining: (email, role, days).
fn joining(f: &Fields, fields: (&'static str, &'static str, &'static str)) -> Joining {
    let mut errors = FieldErrors::default();
    let email = errors.check(fields.0, Email::parse(f.get(fields.0)));
    let role = errors.check(fields.1, lykta_domain::BlogRole::parse(f.get(fields.1)));
    Joining {
        email,
        role,
        days: f.get(fields.2).to_owned(),
        fields,
        errors,
    }
}

/// The members page again with the form's text and what is wrong.
async fn refused(
    state: &AppState,
    s: &SignedIn,
    id: BlogId,
    f: &Fields,
    e: lykta_app::Error,
) -> AppResult<Response> {
    let lykta_app::Error::Invalid(errors) = e else {
        return Err(e.into());
    };
    let blog = blog_for(state, s, id, Action::ManageMembers).await?;
    let values = Value::from_serialize(f.values());
    members_page(
        state,
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        &blog,
        values,
        &errors,
    )
    .await
}

pub(super) async fn set_member(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let j = joining(&f, ("email", "role", "days"));
    match state.app.set_member(&s.actor, id, j).await {
        Ok(()) => Ok(see_other(&format!("/admin/blogs/{id}/members"))),
        Err(e) => refused(&state, &s, id, &f, e).await,
    }
}

/// Invite someone to the blog by e-mail.
pub(super) async fn invite(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let j = joining(&f, ("invite_email", "invite_role", "invite_days"));
    match state.app.invite(&s.actor, id, j).await {
        Ok(_) => Ok(see_other(&format!("/admin/blogs/{id}/members?invited=1"))),
        Err(e) => refused(&state, &s, id, &f, e).await,
    }
}

pub(super) async fn revoke_invitation(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, inv)): Path<(BlogId, InvitationId)>,
) -> AppResult<Response> {
    state.app.revoke_invitation(&s.actor, id, inv).await?;
    Ok(see_other(&format!("/admin/blogs/{id}/members")))
}

pub(super) async fn remove_member(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, user)): Path<(BlogId, UserId)>,
) -> AppResult<Response> {
    state.app.remove_member(&s.actor, id, user).await?;
    Ok(see_other(&format!("/admin/blogs/{id}/members")))
}
