//! The organisation's settings and its units.

use crate::error::{AppError, AppResult};
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, media_choice, require, see_other};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_domain::UnitId;
use lykta_domain::UserId;
use lykta_domain::{
    markdown_body, optional_text, required_text, Action, Email, FieldErrors, Language, Target,
};
use minijinja::{context, Value};

pub(super) async fn organisation(
    State(state): State<AppState>,
    Staff(s): Staff,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    let org = state.organisation().await?;
    org_form(
        &state,
        &s,
        StatusCode::OK,
        Value::from_serialize(&org),
        &FieldErrors::default(),
    )
    .await
}

pub(super) async fn save_organisation(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 200));
    let lang = e.check(
        "default_language",
        Language::parse(f.get("default_language")),
    );
    let email = if f.get("contact_email").trim().is_empty() {
        Some(String::new())
    } else {
        e.check(
            "contact_email",
            Email::parse(f.get("contact_email")).map(|m| m.to_string()),
        )
    };
    let phone = e.check("contact_phone", optional_text(f.get("contact_phone"), 50));
    let statement = e.check(
        "accessibility_statement",
        markdown_body(f.get("accessibility_statement")),
    );
    let logo = media_choice(&f, "logo_media_id", &mut e);
    let org = match (name, lang, email, phone, statement) {
        (Some(name), Some(lang), Some(email), Some(phone), Some(statement)) => {
            Some(lykta_store::Organisation {
                name,
                default_language: lang,
                contact_email: email,
                contact_phone: phone,
                logo_media_id: logo,
                accessibility_statement: statement,
                updated_at: 0,
                logo_url: None,
            })
        }
        _ => None,
    };
    match state.app.save_organisation(&s.actor, org, e).await {
        Ok(()) => Ok(see_other("/admin/organisation")),
        Err(lykta_app::Error::Invalid(e)) => {
            let values = Value::from_serialize(f.values());
            org_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, values, &e).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn org_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let managers = state.store.unit_managers().await?;
    let units: Vec<Value> = state
        .store
        .units()
        .await?
        .into_iter()
        .map(|u| {
            let mine: Vec<&(UnitId, UserId, String)> = managers.iter().filter(|m| m.0 == u.id).collect();
            context! { u => u, manager_ids => mine.iter().map(|m| m.1).collect::<Vec<_>>(), manager_names => mine.iter().map(|m| m.2.as_str()).collect::<Vec<_>>() }
        })
        .collect();
    let ctx = context! {
        values => values, errors => error_map(errors), units => units,
        media => crate::routes::media::media_items(&state.store.all_media().await?), people => state.store.users().await?,
    };
    admin_page(
        state,
        s,
        status,
        "admin/organisation.html",
        "admin-organisation",
        ctx,
    )
    .await
}

/// Make exactly the chosen people a unit's managers.
pub(super) async fn set_unit_managers(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<UnitId>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    let people: Vec<UserId> = f
        .all("managers")
        .into_iter()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::BadRequest("error-no-such-person"))?;
    match state.app.set_unit_managers(&s.actor, id, &people).await {
        Ok(()) => Ok(see_other(&format!("/admin/organisation#unit-{id}"))),
        Err(lykta_app::Error::Invalid(_)) => Err(AppError::BadRequest("error-no-such-person")),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn add_unit(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body);
    match state.app.add_unit(&s.actor, f.get("unit_name")).await {
        Ok(_) => Ok(see_other("/admin/organisation")),
        Err(lykta_app::Error::Invalid(e)) => {
            let org = state.organisation().await?;
            let values = Value::from_serialize(&org);
            org_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, values, &e).await
        }
        Err(e) => Err(e.into()),
    }
}
