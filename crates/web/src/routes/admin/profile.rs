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
use lykta_app::organisation::{OwnPassword, Profile};
use lykta_domain::{optional_text, required_text, Action, FieldErrors, Language, Password, Target};
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
        media => crate::routes::media::media_items(&state.store.all_media().await?),
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

/// The profile page again with what is wrong.
async fn refused(
    state: &AppState,
    s: &SignedIn,
    values: Value,
    e: lykta_app::Error,
) -> AppResult<Response> {
    let lykta_app::Error::Invalid(e) = e else {
        return Err(e.into());
    };
    let ctx =
        context! { values => values, errors => error_map(&e), ..profile_extras(state, s).await? };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    admin_page(state, s, status, "admin/profile.html", "admin-profile", ctx).await
}

pub(super) async fn save_mail_prefs(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let prefs = lykta_store::MailPrefs {
        mail_reminders: f.get("mail_reminders") == "1",
        mail_reviews: f.get("mail_reviews") == "1",
        mail_digest: f.get("mail_digest") == "1",
        reminder_days: f.get("reminder_days").trim().parse().unwrap_or(0),
    };
    match state.app.set_mail_prefs(&s.actor, &prefs).await {
        Ok(()) => Ok(see_other("/admin/profile?saved=1#mail")),
        Err(e) => refused(&state, &s, Value::from_serialize(&s.user), e).await,
    }
}

pub(super) async fn save_profile(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let mut errors = FieldErrors::default();
    let profile = Profile {
        name: errors.check("name", required_text(f.get("name"), 120)),
        title: errors.check("title", optional_text(f.get("title"), 120)),
        bio: errors.check("bio", optional_text(f.get("bio"), 1000)),
        photo_alt: errors.check("photo_alt", optional_text(f.get("photo_alt"), 300)),
        photo: media_choice(&f, "photo_media_id", &mut errors),
        language: match f.get("language") {
            "" => None,
            l => errors.check("language", Language::parse(l)),
        },
        password: match f.get("password") {
            "" => None,
            p => errors
                .check("password", Password::parse(p))
                .map(|password| OwnPassword {
                    password,
                    keep_session: s.session_hash.clone(),
                }),
        },
        errors,
    };
    match state.app.save_profile(&s.actor, profile).await {
        Ok(()) => Ok(see_other("/admin/profile")),
        Err(e) => refused(&state, &s, Value::from_serialize(f.values()), e).await,
    }
}
