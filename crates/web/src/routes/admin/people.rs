//! People (accounts) and the mail outbox, for administrators: the list,
//! adding a person, a page per person to edit them (optimistic version),
//! deactivate or reactivate them and send them a password-reset link.

use crate::error::AppResult;
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, require, see_other};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_app::people::PersonInput;
use lykta_domain::{
    optional_text, required_text, Action, Email, FieldErrors, Password, Role, Target, UnitId,
    UserId,
};
use minijinja::{context, Value};
use serde::Deserialize;

fn roles() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.as_str()).collect()
}

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
        roles => roles(),
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

#[derive(Deserialize)]
pub(super) struct Done {
    done: Option<String>,
}

/// What the person page says after an action (a message key), if anything.
fn done_notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "saved" => Some("people-saved"),
        "deactivated" => Some("people-deactivated"),
        "reactivated" => Some("people-reactivated"),
        "reset" => Some("people-reset-sent"),
        _ => None,
    }
}

/// The person form as it was sent back: what was typed, its errors, and
/// after a stale save the colleague's version of the person.
struct Typed<'a> {
    values: Value,
    errors: &'a FieldErrors,
    conflict: Option<Value>,
}

/// One person's page: the form (as stored, or as typed), what happened to
/// the account, and a notice (`Ok`: done; `Err`: refused).
async fn person_page(
    state: &AppState,
    s: &SignedIn,
    id: UserId,
    status: StatusCode,
    typed: Option<Typed<'_>>,
    notice: Option<Result<&str, &str>>,
) -> AppResult<Response> {
    let person = state.store.user(id).await?;
    let (values, errors, conflict) = match typed {
        Some(t) => (t.values, error_map(t.errors), t.conflict),
        None => (Value::from_serialize(&person), Default::default(), None),
    };
    let ctx = context! {
        values => values,
        person => person,
        is_self => id == s.user.id,
        units => state.store.units().await?,
        roles => roles(),
        history => state.store.user_actions(id).await?,
        errors => errors,
        conflict => conflict,
        done => notice.and_then(Result::ok),
        refused => notice.and_then(Result::err),
    };
    admin_page(state, s, status, "admin/person.html", "people-edit", ctx).await
}

pub(super) async fn person(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<UserId>,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    let notice = done_notice(q.done.as_deref()).map(Ok);
    person_page(&state, &s, id, StatusCode::OK, None, notice).await
}

/// The person as the form gives it.
fn parse_person(f: &Fields) -> Result<PersonInput, FieldErrors> {
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 120));
    let email = e.check("email", Email::parse(f.get("email")));
    let role = e.check("role", Role::parse(f.get("role")));
    let unit = match f.get("unit_id") {
        "" => None,
        u => u.parse::<UnitId>().ok().or_else(|| {
            e.add("unit_id", "error-unknown-unit");
            None
        }),
    };
    // A form without a version was read at none: its save is stale.
    let version = f.get("version").parse().unwrap_or(0);
    match (name, email, role, e.is_empty()) {
        (Some(name), Some(email), Some(role), true) => Ok(PersonInput {
            name,
            email,
            role,
            unit,
            version,
        }),
        _ => Err(e),
    }
}

pub(super) async fn save_person(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<UserId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let none = FieldErrors::default();
    let typed = |errors, conflict| Typed {
        values: Value::from_serialize(f.values()),
        errors,
        conflict,
    };
    let (status, typed, refused) = match state.app.edit_person(&s.actor, id, parse_person(&f)).await
    {
        Ok(()) => return Ok(see_other(&format!("/admin/users/{id}?done=saved"))),
        Err(lykta_app::Error::Invalid(e)) => {
            let t = typed(&e, None);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return person_page(&state, &s, id, status, Some(t), None).await;
        }
        // What was typed stays, built on the colleague's version, which is
        // shown beside it.
        Err(lykta_app::Error::Stale { current }) => {
            let theirs = state.store.user(id).await?;
            let lang = crate::routes::staff::language(&state, &s).await?;
            let units = state.store.units().await?;
            let unit = units.iter().find(|u| Some(u.id) == theirs.unit_id);
            let role = state.t(lang, &format!("role-{}", theirs.role.as_str()));
            let conflict = crate::routes::forms::conflict(
                current,
                &[
                    ("name", &theirs.name),
                    ("email", &theirs.email),
                    ("role", &role),
                    ("people-unit", unit.map_or("–", |u| u.name.as_str())),
                ],
            );
            let mut t = typed(&none, Some(conflict));
            t.values = context! { ..context! { version => current }, ..t.values };
            (StatusCode::CONFLICT, t, "people-error-stale")
        }
        Err(lykta_app::Error::Refused(key)) => (StatusCode::CONFLICT, typed(&none, None), key),
        Err(e) => return Err(e.into()),
    };
    person_page(&state, &s, id, status, Some(typed), Some(Err(refused))).await
}

/// Deactivate, reactivate or send a reset link; a refusal is shown on the
/// person's page (409).
async fn act(state: &AppState, s: &SignedIn, id: UserId, what: &str) -> AppResult<Response> {
    let done = match what {
        "deactivated" => state.app.set_person_active(&s.actor, id, false).await,
        "reactivated" => state.app.set_person_active(&s.actor, id, true).await,
        _ => state.app.send_password_reset(&s.actor, id).await,
    };
    match done {
        Ok(()) => Ok(see_other(&format!("/admin/users/{id}?done={what}"))),
        Err(lykta_app::Error::Refused(key)) => {
            person_page(state, s, id, StatusCode::CONFLICT, None, Some(Err(key))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Deactivating asks first: the form's "yes, deactivate" box must be
/// ticked (the browser requires it; without it the page asks again, 422).
pub(super) async fn deactivate(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<UserId>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageUsers, Target::Organisation)?;
    let person = state.store.user(id).await?;
    if Fields::parse(&body).get("confirm") != "yes" {
        let mut e = FieldErrors::default();
        e.add("confirm", "people-deactivate-confirm-missing");
        let typed = Typed {
            values: Value::from_serialize(&person),
            errors: &e,
            conflict: None,
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return person_page(&state, &s, id, status, Some(typed), None).await;
    }
    act(&state, &s, id, "deactivated").await
}

pub(super) async fn reactivate(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    act(&state, &s, id, "reactivated").await
}

pub(super) async fn send_reset(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    act(&state, &s, id, "reset").await
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
