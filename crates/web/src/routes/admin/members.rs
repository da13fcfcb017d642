//! A blog's team: roles, guests with an end date, invitations.

use crate::error::{AppError, AppResult};
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, blog_for, see_other};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_domain::{Action, Email, FieldErrors};
use lykta_domain::{BlogId, InvitationId, UserId};
use lykta_store::StoreError;
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

/// Longest guest access, in days.
pub const MAX_GUEST_DAYS: i64 = 365;

pub(super) async fn set_member(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let email = e.check("email", Email::parse(f.get("email")));
    let role = e.check("role", lykta_domain::BlogRole::parse(f.get("role")));
    let days = access_days(&f, "days", role, &mut e);
    let user = match &email {
        Some(email) => match state.store.user_for_sign_in(email).await? {
            Some((u, _)) => Some(u),
            None => {
                e.add("email", "error-no-such-person");
                None
            }
        },
        None => None,
    };
    if let (Some(user), Some(role), true) = (user, role, e.is_empty()) {
        let now = state.now();
        state
            .store
            .set_member(
                blog.id,
                user.id,
                role,
                days.map(|d| now + d * 86_400),
                s.user.id,
                now,
            )
            .await?;
        return Ok(see_other(&format!("/admin/blogs/{}/members", blog.id)));
    }
    members_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        &blog,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;

/// Guest access length from the form's `days` field (guests get 30 days
/// when it is left empty; others no end unless given).
fn access_days(
    f: &Fields,
    field: &str,
    role: Option<lykta_domain::BlogRole>,
    e: &mut FieldErrors,
) -> Option<i64> {
    match f.get(field).trim() {
        "" if role == Some(lykta_domain::BlogRole::Guest) => Some(30),
        "" => None,
        d => match d.parse::<i64>() {
            Ok(n) if (1..=MAX_GUEST_DAYS).contains(&n) => Some(n),
            _ => {
                e.add(field, "error-days");
                None
            }
        },
    }
}

/// Invite someone to the blog by e-mail: a single-use link that works for
/// [`INVITATION_DAYS`] unless revoked.
pub(super) async fn invite(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<BlogId>,
    body: Bytes,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let email = e.check("invite_email", Email::parse(f.get("invite_email")));
    let role = e.check(
        "invite_role",
        lykta_domain::BlogRole::parse(f.get("invite_role")),
    );
    let days = access_days(&f, "invite_days", role, &mut e);
    let now = state.now();
    if let Some(email) = &email {
        if let Some((u, _)) = state.store.user_for_sign_in(email).await? {
            if state
                .store
                .memberships(u.id, now)
                .await?
                .iter()
                .any(|m| m.blog_id == blog.id)
            {
                e.add("invite_email", "error-already-member");
            }
        }
    }
    if let (Some(email), Some(role), true) = (email, role, e.is_empty()) {
        let token = crate::session::random_token();
        let expires_at = now + INVITATION_DAYS * 86_400;
        let inv = lykta_store::NewInvitation {
            token_hash: &crate::session::token_hash(&token),
            email: &email,
            blog_id: blog.id,
            role,
            member_until: days.map(|d| now + d * 86_400),
            invited_by: s.user.id,
            expires_at,
        };
        let inv_id = state.store.create_invitation(&inv, now).await?;
        let lang = blog.language;
        let args = [
            ("who", s.user.name.clone()),
            ("blog", blog.name.clone()),
            (
                "role",
                state
                    .t(lang, &format!("blog-role-{}", role.as_str()))
                    .to_lowercase(),
            ),
            (
                "until",
                crate::templates::format_date(&state.cat, lang, expires_at),
            ),
            ("url", format!("{}/invitation/{token}", state.base_url)),
        ];
        state
            .store
            .queue_mail(
                &lykta_store::OutgoingMail {
                    dedupe_key: format!("invitation:{inv_id}"),
                    user_id: None,
                    to_address: email.as_str().to_owned(),
                    to_name: String::new(),
                    subject: state.cat.get(lang, "mail-invitation-subject", &args),
                    body: state.cat.get(lang, "mail-invitation-body", &args),
                },
                now,
            )
            .await?;
        state.worker.wake();
        return Ok(see_other(&format!(
            "/admin/blogs/{}/members?invited=1",
            blog.id
        )));
    }
    members_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        &blog,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}

pub(super) async fn revoke_invitation(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, inv)): Path<(BlogId, InvitationId)>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    match state
        .store
        .revoke_invitation(blog.id, inv, state.now())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/admin/blogs/{}/members", blog.id))),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict("error-invitation-not-pending")),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn remove_member(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path((id, user)): Path<(BlogId, UserId)>,
) -> AppResult<Response> {
    let blog = blog_for(&state, &s, id, Action::ManageMembers).await?;
    state.store.remove_member(blog.id, user).await?;
    Ok(see_other(&format!("/admin/blogs/{}/members", blog.id)))
}
