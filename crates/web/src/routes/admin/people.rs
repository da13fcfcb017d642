//! People (accounts) and the mail outbox, for administrators.

use crate::error::AppResult;
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, require, see_other};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lykta_domain::{
    optional_text, required_text, Action, Email, FieldErrors, Password, Role, Target,
};
use minijinja::{context, Value};

async fn users_page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let ctx = context! {
        people => state.store.users().await?,
        units => state.store.units().await?,
        roles => Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        values => values,
        errors => error_map(errors),
    };
    admin_page(state, s, status, "admin/users.html", "admin-users", ctx).await
}

pub(super) async fn users(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    users_page(
        &state,
        &s,
        StatusCode::OK,
        context! { role => "employee" },
        &FieldErrors::default(),
    )
    .await
}

pub(super) async fn add_user(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 120));
    let email = e.check("email", Email::parse(f.get("email")));
    let role = e.check("role", Role::parse(f.get("role")));
    let title = e.check("title", optional_text(f.get("title"), 120));
    let password = e.check("password", Password::parse(f.get("password")));
    if let (Some(name), Some(email), Some(role), Some(title), Some(password), true) =
        (&name, &email, role, &title, password, e.is_empty())
    {
        let account = lykta_app::accounts::NewAccount {
            email,
            name,
            role,
            title,
            password,
            unit: None,
        };
        match state.app.add_account(Some(&s.actor), account).await {
            Ok(_) => return Ok(see_other("/admin/users")),
            Err(lykta_app::Error::Invalid(more)) => e.0.extend(more.0),
            Err(err) => return Err(err.into()),
        }
    }
    users_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        Value::from_serialize(f.values()),
        &e,
    )
    .await
}
/// What Lykta has sent, or tried to: for administrators.
pub(super) async fn outbox(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    let ctx = context! {
        mails => state.store.outbox(200).await?,
        smtp_configured => !state.settings.smtp_url.0.is_empty(),
    };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/outbox.html",
        "admin-outbox",
        ctx,
    )
    .await
}
