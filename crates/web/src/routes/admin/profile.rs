//! A person's own profile and mail preferences.

use crate::error::AppResult;
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, media_choice, require, see_other};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lykta_domain::{optional_text, required_text, Action, FieldErrors, Password, Target};
use minijinja::{context, Value};

/// The profile page's context besides the form: mail preferences and the
/// private calendar link.
async fn profile_extras(state: &AppState, s: &SignedIn) -> AppResult<Value> {
    let token = state
        .store
        .calendar_token(lykta_store::CalendarOf::Person(s.user.id))
        .await?;
    Ok(context! {
        prefs => state.store.mail_prefs(s.user.id).await?,
        calendar_url => token.map(|t| format!("{}{}", state.base_url, crate::routes::calendar::feed_path("person", &t))),
        media => state.store.all_media().await?,
    })
}

pub(super) async fn profile(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let ctx = context! { values => &s.user, errors => error_map(&FieldErrors::default()), ..profile_extras(&state, &s).await? };
    admin_page(
        &state,
        &s,
        StatusCode::OK,
        "admin/profile.html",
        "admin-profile",
        ctx,
    )
    .await
}

/// Days before a due date that reminders may be set to.
pub const MAX_REMINDER_DAYS: i64 = 30;

pub(super) async fn save_mail_prefs(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let f = Fields::parse(&body);
    let days = match f.get("reminder_days").trim().parse::<i64>() {
        Ok(d) if (1..=MAX_REMINDER_DAYS).contains(&d) => d,
        _ => {
            let mut e = FieldErrors::default();
            e.add("reminder_days", "error-reminder-days");
            let ctx = context! { values => &s.user, errors => error_map(&e), ..profile_extras(&state, &s).await? };
            return admin_page(
                &state,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                "admin/profile.html",
                "admin-profile",
                ctx,
            )
            .await;
        }
    };
    let prefs = lykta_store::MailPrefs {
        mail_reminders: f.get("mail_reminders") == "1",
        mail_reviews: f.get("mail_reviews") == "1",
        mail_digest: f.get("mail_digest") == "1",
        reminder_days: days,
    };
    state.store.set_mail_prefs(s.user.id, &prefs).await?;
    Ok(see_other("/admin/profile?saved=1#mail"))
}

pub(super) async fn save_profile(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::UseAdmin, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 120));
    let title = e.check("title", optional_text(f.get("title"), 120));
    let bio = e.check("bio", optional_text(f.get("bio"), 1000));
    let photo_alt = e.check("photo_alt", optional_text(f.get("photo_alt"), 300));
    let photo = media_choice(&state, &f, "photo_media_id", &mut e).await;
    if photo.is_some() && photo_alt.as_deref().is_some_and(|a| a.is_empty()) {
        e.add("photo_alt", "error-alt-required");
    }
    let password = match f.get("password") {
        "" => None,
        p => e.check("password", Password::parse(p)),
    };
    if let (Some(name), Some(title), Some(bio), Some(photo_alt), true) =
        (&name, &title, &bio, &photo_alt, e.is_empty())
    {
        state
            .store
            .update_profile(s.user.id, name, title, bio, photo, photo_alt, state.now())
            .await?;
        if let Some(password) = password {
            state.app.set_password(s.user.id, password).await?;
        }
        return Ok(see_other("/admin/profile"));
    }
    let ctx = context! { values => Value::from_serialize(f.values()), errors => error_map(&e), ..profile_extras(&state, &s).await? };
    admin_page(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "admin/profile.html",
        "admin-profile",
        ctx,
    )
    .await
}
